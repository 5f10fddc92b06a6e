/* Hexadecimal, octal and binary integer macros. */
#define HEX 0x1F
#define HEX_UPPER 0XABCDEF
#define OCTAL 017
#define OCTAL_ZERO 0
#define BINARY 0b1010
