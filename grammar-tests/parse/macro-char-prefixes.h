/* Character constants with prefixes and escapes: value and type follow C. */
#define WIDE_CHAR L'x'
#define U16_CHAR u'x'
#define U32_CHAR U'x'
#define OCTAL_HIGH '\377'
#define MULTI 'ab'
#define ESCAPE_Q '\?'
