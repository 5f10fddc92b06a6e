/* Attributes after the declarator. */
int pure_function(int) __attribute__((pure));
extern int aligned_var __attribute__((aligned(8)));
void die(const char *msg) __attribute__((noreturn));
int my_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *my_alloc(unsigned long n) __attribute__((malloc, alloc_size(1)));
