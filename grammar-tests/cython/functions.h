/* Functions: declarators in every position, variadics, prototypes, array and function
 * parameters (adjusted to pointers), qualifiers, GNU extras, globals. */
#include <stddef.h>
typedef int (*compare_fn)(const void *, const void *);
typedef void handler_fn(int);
int add(int a, int b);
void noargs(void);
int knr();
int logf_(const char *fmt, ...);
void sort(void *base, size_t n, compare_fn cmp);
void set_cb(void (*cb)(int, void *), void *ud);
void (*signal_like(int sig, void (*h)(int)))(int);
int (*pick(int which))(const char *, ...);
int (*ret_array(void))[3];
int takes_cb_arr(int (*cbs[2])(void));
int sum_matrix(int m[][4], int rows);
int fill(int buf[10]);
int use_parr(int (*p)[8]);
void on(handler_fn *h);
void on_fn(handler_fn h);
void on_raw(void h(int));
volatile int *vol_ptr(int *__restrict p);
char *const *argv_like(const char **const argv);
const volatile char *cv(const volatile char *const *p);
static inline int twice(int x) { return 2 * x; }
__attribute__((deprecated("use add"))) int old_add(int a, int b);
int __attribute__((nonnull(1))) strict_fn(const char *s) __attribute__((warn_unused_result));
_Bool flag_fn(_Bool b);
long double ld_fn(long double x);
float _Complex cf_fn(double _Complex z, long double _Complex w);
unsigned long long ull_fn(signed char a, unsigned short b, long long c);
extern int global_counter;
extern const char *global_name;
extern const int global_const;
extern int global_table[8];
extern double global_matrix[2][2];
extern void (*global_hook)(void);
extern compare_fn global_cmp;
extern _Bool global_flag;
extern __thread int tls_counter;
