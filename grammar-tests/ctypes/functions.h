/* Functions and globals: every declarator position, variadics, callbacks, records by value,
 * strings in and out, unprototyped and static functions, asm labels, symbols the library does
 * not export, and globals read through in_dll. functions.c is the library; functions.calls.py
 * calls it. */
#include <stddef.h>
struct pair { int a; int b; };
typedef int (*binop_fn)(int, int);
typedef void handler_fn(int);
int add(int a, int b);
void noargs(void);
int knr();
int sum_ints(int n, ...);
double sum_doubles(int n, ...);
int apply(binop_fn f, int x, int y);
void set_handler(handler_fn *h);
void fire(int v);
struct pair make_pair(int a, int b);
int pair_sum(struct pair p);
void swap_pair(struct pair *p);
const char *greeting(void);
char *shout(const char *s);
void release(void *p);
size_t count_chars(const char *s, char c);
int sum_arr(const int *a, int n);
int sum_matrix(int m[][4], int rows);
void (*signal_like(int sig, void (*h)(int)))(int);
int (*pick(int which))(const char *, ...);
char *const *argv_like(const char **const argv);
static inline int twice(int x) { return 2 * x; }
__attribute__((deprecated("use add"))) int old_add(int a, int b);
int renamed(void) __asm__("renamed_impl");
int not_in_library(int x);
unsigned int case_version(void);
const char *case_version_string(void);
_Bool flag_fn(_Bool b);
long double ld_half(long double x);
extern int counter;
extern const char *lib_label;
extern int table[4];
extern double grid[2][2];
extern binop_fn current_op;
extern struct pair origin;
extern int missing_global;
extern __thread int per_thread;
