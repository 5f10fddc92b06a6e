/* Floating macros. */
#define HALF 1.5
#define HALF_F 1.5f
#define BIG 1e10
#define HEXFLOAT 0x1p-3
#define LONG_D 2.5L
#define LEADING_DOT .5
#define THIRD (1.0 / 3)
#define NEG_FLOAT -0.25
#define TENTH_F 0.1f
