/* Macro constants and enumerators as Python values: integers of every type and size,
 * characters, floating values (infinity), narrow strings with escapes as bytes, wide and
 * UTF-8 strings, and pointer constants as ctypes pointers. */
typedef void (*destructor_fn)(void *);
#define C_DEC 42
#define C_NEG -5
#define C_HEX 0xFF
#define C_OCT 017
#define C_UL 100UL
#define C_BIG 0xFFFFFFFFFFFFFFFFULL
#define C_MIN (-9223372036854775807LL - 1)
#define C_EXPR (1 << 4 | 3)
#define C_CHAR 'A'
#define C_ESC_CHAR '\n'
#define C_ALIAS C_DEC
#define C_DOUBLE 1.5
#define C_FLOAT 0.1f
#define C_SMALL 1e-300
#define C_HUGE 1e999
#define C_STR "hello"
#define C_ESCAPES "tab\there \"quoted\" back\\slash \x7f\001 end"
#define C_CONCAT "ab" "cd"
#define C_UTF8 u8"caf\u00e9"
#define C_RAW_UTF8 "café"
#define C_WIDE L"wide \u00e9"
#define C_VERSION_STRING "1.2.3"
#define C_CAST_STR ((const unsigned char *)"cast")
#define C_NULL ((void *)0)
#define C_STATIC ((destructor_fn)0)
#define C_TRANSIENT ((destructor_fn)-1)
#define C_ADDR ((int *)0x1000)
#define C_FUNC(x) ((x) * 2)
#define C_EMPTY
#define C_SIZEOF sizeof(int)
enum { E_ONE = 1, E_TWO };
enum color { RED, GREEN = 5, BLUE };
typedef enum { LOW = -1, HIGH = 0x7FFFFFFF } level_t;
enum wide { W_BIG = 0xFFFFFFFFu, W_NEG = -1 };
enum big64 { B_HUGE = 0x100000000 };
struct uses_enums {
    enum color c;
    level_t l;
    enum wide w;
    enum big64 b;
};
void set_destructor(destructor_fn d);
