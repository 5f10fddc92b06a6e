/* Macros: integer constants as literals, others as static const; function-like macros left
 * out; names that clash with other declarations written once. */
#define M_DEC 42
#define M_NEG -5
#define M_HEX 0xFF
#define M_OCT 017
#define M_UL 100UL
#define M_BIG 0xFFFFFFFFFFFFFFFFULL
#define M_EXPR (1 << 4 | 3)
#define M_CHAR 'A'
#define M_ALIAS M_DEC
#define M_DOUBLE 1.5
#define M_FLOAT 2.5f
#define M_STR "hello"
#define M_WSTR L"wide"
#define M_FUNC(x) ((x) * 2)
#define M_EMPTY
#define M_CAST ((unsigned short)70000)
#define M_SIZEOF sizeof(int)
enum { E_ONE = 1, E_TWO };
int m_fn(int x);
