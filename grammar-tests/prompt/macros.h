/* Macro constants (integers of every type, negative and 64-bit values, floats, strings with
 * prefixes, characters, expressions) and function-like macros (empty body, variadic, GNU
 * named variadic). */
#define M_INT 42
#define M_NEG (-7)
#define M_HEX 0x10
#define M_UL 4000000000UL
#define M_ULL 0xffffffffffffffffULL
#define M_LL (-9223372036854775807LL - 1)
#define M_EXPR (M_INT << 2 | 1)
#define M_DOUBLE 0.5
#define M_FLOAT 1.5f
#define M_BIG 1e300
#define M_STR "hello \"world\""
#define M_WSTR L"wide"
#define M_U8 u8"utf8"
#define M_CHAR 'x'
#define M_SIZE sizeof(int)
#define M_EMPTY()
#define M_MAX(a, b) ((a) > (b) ? (a) : (b))
#define M_LOG(fmt, ...) printf(fmt, __VA_ARGS__)
#define M_GNU(args...) f(args)
#define M_STRINGIFY(x) #x
