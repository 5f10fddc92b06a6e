/* Packing and alignment: packed records and members, #pragma pack, aligned(N) on records and
 * members (up to 64: _align_ beyond what a ctypes type gives), types ctypes lacks as raw
 * bytes, and records that hold such records. */
#include <stdint.h>
struct __attribute__((packed)) packed_rec {
    char c;
    int i;
    double d;
};
struct packed_member {
    char c;
    int i __attribute__((packed));
    short s;
};
#pragma pack(push, 1)
struct pack1 { char c; long l; short s; };
#pragma pack(2)
struct pack2 { char c; long l; int i; };
#pragma pack(push, 4)
struct pack4 { char c; double d; };
#pragma pack(pop)
struct pack2_again { char c; int i; };
#pragma pack(pop)
struct aligned_member {
    char c;
    int v __attribute__((aligned(16)));
    char tail;
};
struct __attribute__((aligned(8))) aligned8 { char c; };
struct __attribute__((aligned(32))) aligned32 { int x; };
struct __attribute__((aligned(64))) aligned64 { unsigned char opaque[100]; };
struct holds_aligned {
    char c;
    struct aligned32 a;
    struct aligned64 b;
    char d;
};
union aligned_union {
    char c;
    struct aligned8 a8;
    __int128 wide;
};
struct wide_member {
    int before;
    __int128 big;
    unsigned __int128 ubig;
    int after;
};
struct float_kinds {
    char c;
    long double ld;
    float _Complex fc;
    double _Complex dc;
    long double _Complex ldc;
    __float128 q;
    _Float16 h;
};
struct uses_packed {
    char c;
    struct packed_rec inner;
    struct pack1 p1;
    int tail;
};
typedef __int128 i128;
i128 mul128(i128 a, i128 b);
double _Complex cplx(double _Complex z);
long double ld_fn(long double x);
int take_packed(struct packed_rec *p, struct aligned_member a);
