/* Macros cast to typedef'd and long types, and large shifts. */
typedef unsigned short u16;
typedef long long i64;
#define AS_U16 ((u16)70000)
#define AS_I64 ((i64)-1)
#define TOP_BIT (1ULL << 63)
#define NEG_ZERO -0.0
#define AS_FLOAT ((float)1 / 3)
#define AS_CHAR ((char)65)
