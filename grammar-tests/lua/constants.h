/* Macro constants: 32-bit ones in the cdef, the rest in the module table. */
#define C_INT 42
#define C_NEG (-7)
#define C_MIN (-2147483647 - 1)
#define C_UNSIGNED 0x80000000u
#define C_U32_MAX 0xffffffffu
#define C_LONG 0x100000000L
#define C_ULL 0xffffffffffffffffULL
#define C_NEG64 (-0x100000000LL)
#define C_CHAR 'A'
#define C_SHIFT (1 << 10)
#define C_FLOAT 0.5
#define C_DOUBLE 1e300
#define C_FLOATF 2.5f
#define C_STRING "hello \"world\"\n"
#define C_CONCAT "ab" "cd"
#define C_OCTAL "\101\x42"
#define C_WIDE L"wide"
#define C_EXPR (C_INT * 2 + C_SHIFT)
#define end 3
#define lib 4
#define lib_name "x"
#define NOT_A_CONSTANT int
#define FUNCTION_LIKE(x) ((x) + 1)
