/* What cffi cannot state: partial records (layout from the compiler) and skipped
 * declarations, never invalid text. */
#include <stdint.h>
struct __attribute__((packed)) packed_rec {
    char c;
    int i;
    unsigned int bits : 3;
};
struct aligned_rec {
    char c;
    int __attribute__((aligned(16))) v;
};
struct __attribute__((aligned(32))) over_aligned {
    int x;
};
#pragma pack(push, 2)
struct pragma_packed {
    char c;
    long l;
};
#pragma pack(pop)
struct wide_member {
    int before;
    __int128 big;
    int after;
};
typedef __int128 i128;
typedef unsigned __int128 u128;
i128 mul128(i128 a, i128 b);
long double _Complex cld(long double _Complex z);
int plain(int x);
_Static_assert(sizeof(int) == 4, "int");
struct uses_packed {
    struct packed_rec inner;
    int tail;
};
void take_packed(struct packed_rec *p, struct aligned_rec a);
