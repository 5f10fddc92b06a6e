/* Negative integer macros. */
#define MINUS_ONE -1
#define MINUS_HEX -0x10
#define PAREN_NEG (-5)
#define INT_MIN_LIKE (-2147483647 - 1)
#define NEG_UNSIGNED -1u
#define NEG_LONG -2147483648
#define SPACED - 1
