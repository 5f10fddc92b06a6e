/* packed, aligned and #pragma pack. */
struct __attribute__((packed)) wire { char kind; int value; short extra; };
struct loose { char c; int i __attribute__((packed)); char d; };
struct aligned16 { char c; } __attribute__((aligned(16)));
struct with_aligned_member { char c; int v __attribute__((aligned(8))); };
typedef struct __attribute__((packed)) { unsigned short a; unsigned int b; } packed_t;
#pragma pack(push, 2)
struct pack2 { char c; double d; int i; };
#pragma pack(pop)
#pragma pack(1)
struct pack1 { char c; long l; struct { short s; int t; } in; };
#pragma pack()
union __attribute__((packed)) pu { char c; int i; };
struct holder { char c; struct wire w; struct aligned16 a; struct pack2 p; };
