/* Enums: tagged, typedef'd, anonymous, negative, at the int limits, beyond 32 bits, packed. */
enum state { IDLE, RUNNING = 5, DONE };
typedef enum { LOW = -1, MID = 0, HIGH = 1 } level_t;
typedef enum priority { P_LOW = 10, P_HIGH = 20 } priority_t;
enum { ANON_A = 100, ANON_B };
enum limits { L_MIN = -2147483647 - 1, L_MAX = 2147483647 };
enum unsigned_top { TOP_BIT = 0x80000000u, ALL_BITS = 0xffffffffu };
enum big { BIG_ONE = 0x100000000, BIG_TWO };
enum __attribute__((packed)) small { S_ONE = 1, S_TWO = 200 };
typedef enum __attribute__((packed)) { T_NEG = -5, T_POS = 5 } tiny_t;
struct uses_enums {
    enum state st;
    level_t level;
    enum big b;
    enum small s;
    tiny_t t;
    enum { INLINE_A = 7, INLINE_B } inline_kind;
    enum { ANON_A_AGAIN = ANON_A } again;
    char after;
};
enum state next_state(enum state s);
#define RUNNING 5
