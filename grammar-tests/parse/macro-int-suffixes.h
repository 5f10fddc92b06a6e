/* Integer macros with suffixes: the type follows C's rules. */
#define PLAIN 10
#define UNSIGNED 10u
#define LONG 10L
#define ULONG 10UL
#define LLONG 10LL
#define ULLONG 10ULL
#define LU_MIXED 10lU
#define INT_MAX_HEX 0x7fffffff
#define UINT_HEX 0x80000000
#define LONG_DEC 2147483648
#define ULONG_HEX 0xFFFFFFFFFFFFFFFF
