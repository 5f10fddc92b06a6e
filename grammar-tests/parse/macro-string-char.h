/* String and character macros. */
#define GREETING "hello"
#define JOINED "a" "b"
#define ESCAPED "tab\tquote\""
#define WIDE L"wide"
#define UTF8 u8"x"
#define CHAR_X 'x'
#define CHAR_NL '\n'
#define EMPTY_STR ""
