/* #pragma pack push/pop and its scope. */
#pragma pack(push, 1)
struct pack1 { char c; int i; };
#pragma pack(push, 2)
struct pack2 { char c; int i; double d; };
#pragma pack(pop)
struct pack1_again { char c; short s; };
#pragma pack(pop)
struct after_pop { char c; int i; };
#pragma pack(4)
struct pack4 { char c; double d; };
#pragma pack()
struct unpacked { char c; double d; };
