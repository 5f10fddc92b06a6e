/* Macros: int constants as `enum:`, other integer types, floating and string constants as
 * typed `const` declarations; function-like macros and macros without a value left out;
 * a macro with the name of an enumerator written once. */
#define M_DEC 42
#define M_NEG -5
#define M_HEX 0xFF
#define M_OCT 017
#define M_UL 100UL
#define M_UINT 4000000000u
#define M_LL (-9223372036854775807LL - 1)
#define M_BIG 0xFFFFFFFFFFFFFFFFULL
#define M_EXPR (1 << 4 | 3)
#define M_CHAR 'A'
#define M_ALIAS M_DEC
#define M_DOUBLE 1.5
#define M_FLOAT 2.5f
#define M_LDOUBLE 3.25L
#define M_STR "hello"
#define M_U8STR u8"utf8"
#define M_WSTR L"wide"
#define M_U16STR u"sixteen"
#define M_FUNC(x) ((x) * 2)
#define M_EMPTY
#define M_CAST ((unsigned short)70000)
#define M_SIZEOF sizeof(int)
enum { E_ONE = 1, E_TWO };
#define E_ONE E_ONE
int m_fn(int x);
