/* What Cython cannot express is skipped with a comment naming the reason, and so is what
 * uses it; a member that is also an object-like macro cannot be named from C. Attributes,
 * packing and alignment change nothing in a .pxd (C lays records out). */
#include <stdint.h>
struct __attribute__((packed)) packed_rec {
    char c;
    int i;
    unsigned int bits : 3;
};
#pragma pack(push, 2)
struct pragma_packed {
    char c;
    long l;
};
#pragma pack(pop)
struct __attribute__((aligned(32))) over_aligned {
    int x;
};
struct wide_member {
    int before;
    __int128 big;
    int after;
};
typedef __int128 i128;
typedef unsigned __int128 u128;
typedef i128 i128_alias;
i128 mul128(i128 a, i128 b);
void takes_alias(i128_alias *p);
__float128 q_fn(__float128 x);
_Float32 f32_fn(_Float32 x, _Float64 y);
typedef int v4si __attribute__((vector_size(16)));
v4si vec_fn(v4si a);
int plain(int x);
_Static_assert(sizeof(int) == 4, "int");
struct globals {
    int normal;
    int hidden_value;
};
int *__hidden_value(void);
#define hidden_value (*__hidden_value())
