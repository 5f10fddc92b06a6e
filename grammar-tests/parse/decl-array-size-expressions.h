/* Array sizes given by constant expressions. */
#define COUNT 4
enum { N_ITEMS = 3 };
struct rec { char c; int i; };
extern int by_macro[COUNT];
extern int by_enum[N_ITEMS];
extern int by_arith[COUNT * 2 + 1];
extern char by_sizeof[sizeof(struct rec) * 2];
extern int by_cond[N_ITEMS > 2 ? 5 : 1];
extern int by_cast[(int)2.5 + (unsigned char)257];
