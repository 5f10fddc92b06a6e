/* Functions: named and unnamed parameters, (void) and (), variadic, qualifiers at every
 * pointer level, arrays and function pointers as parameters and results, static inline,
 * deprecated, asm labels, _Noreturn. */
#include <stddef.h>
int fn_void(void);
int fn_unprototyped();
void fn_unnamed(int, const char *, double);
int fn_printf(const char *restrict fmt, ...);
char *const *fn_quals(const char *const *argv, volatile int *flag, int *restrict out);
void fn_arrays(int a[10], const char s[static 4], double m[][3], size_t n);
void (*fn_signal(int sig, void (*handler)(int sig)))(int);
int (*fn_table(void))[4];
void fn_callback(int (*cmp)(const void *a, const void *b), void *(*alloc)(size_t));
static inline int fn_inline(int x) { return x + 1; }
__attribute__((deprecated)) int fn_old(int);
__attribute__((deprecated("use fn_void"))) int fn_older(int);
int fn_renamed(int) __asm__("fn_renamed_v2");
_Noreturn void fn_exit(int status);
struct fn_opaque;
struct fn_opaque *fn_open(const char *path, unsigned long long flags, long double scale, _Bool ro);
