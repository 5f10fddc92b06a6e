/* Enums: tagged, anonymous, typedef'd with and without a tag (in use or not), an alias of a
 * tagged enum, one used before its definition (a GNU extension: Cython has no forward enum,
 * so the definition moves up), negative and large values. */
enum color { RED, GREEN = 5, BLUE };
typedef enum { LOW = 1, HIGH = 2 } level_t;
typedef enum mode { M_A = 1 << 2, M_B = M_A | 1 } mode_t2;
typedef enum Same_e { S_X = -3, S_Y } Same_e;
typedef enum color color_t;
enum { ANON_A = 10, ANON_B };
enum big { BIG_NEG = -2147483647 - 1, BIG_POS = 2147483647 };
enum wide { W_BIG = 0xFFFFFFFFu };
enum later;
void use_later(enum later *p);
enum later { LATER_ONE = 1 };
struct uses_enums {
    enum color c;
    level_t l;
    mode_t2 m;
    enum Same_e s;
    enum wide w;
    color_t ct;
};
enum color paint(enum color c, level_t l, Same_e s, enum mode m);
