/* Enums: named, typedef'd (with and without a tag), anonymous, negative and 64-bit values,
 * implicit values, packed, opaque (GNU forward declaration), a typedef of an enum. */
enum color { RED, GREEN = 5, BLUE };
typedef enum color color_t;
typedef enum state { ST_OFF = -1, ST_ON = 1 } state;
typedef enum { K_A = 0, K_B = 0x7fffffff } kind_t;
enum { LONE = 3 };
enum big { BIG_MIN = -9223372036854775807LL - 1, BIG_MAX = 0x7fffffffffffffffLL };
enum ubig { UBIG = 0xffffffffffffffffULL };
enum __attribute__((packed)) tiny { TINY_A, TINY_B };
enum later;
enum { ANON_VAR_A, ANON_VAR_B } anon_var;
