/* Integer macros with casts, shifts and operators. */
#define CAST_ONE ((int)1)
#define SHIFTED (1u << 4)
#define TRUNCATED ((unsigned char)0x1ff)
#define ALL_BITS (~0u)
#define LONG_NEG ((long)-1)
#define COND (2 > 1 ? 10 : 20)
#define MASK ((1 << 8) - 1)
#define LOGICAL (!0 && 1)
