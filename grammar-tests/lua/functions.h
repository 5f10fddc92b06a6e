/* Functions: prototypes, variadic, unprototyped, function pointers, callbacks, asm labels. */
#include <stddef.h>
typedef int (*compare_fn)(const void *a, const void *b);
typedef void handler_fn(int signal);
int sum(int a, int b);
int print_all(const char *fmt, ...);
int legacy();
void no_args(void);
void (*set_handler(int sig, void (*handler)(int)))(int);
handler_fn *get_handler(int sig);
void sort(void *base, size_t n, size_t size, compare_fn cmp);
int apply(int (*ops[4])(int), int x);
int matrix_trace(int m[3][3]);
const char *const *names(void);
int renamed(int x) __asm__("renamed_impl");
static inline int square(int x) { return x * x; }
static int helper(void) { return 0; }
inline int maybe_inline(int x);
int keywords(int complex, int bool, char *restrict asm_);
__attribute__((ms_abi)) int windows_abi(int a);
int sysv_abi_fn(int a) __attribute__((sysv_abi));
extern int counter;
extern const char *version_string;
extern int table[16];
extern _Thread_local int per_thread;
static const int header_private = 3;
