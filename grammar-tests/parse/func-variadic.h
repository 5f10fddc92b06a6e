/* Variadic functions. */
#include <stdarg.h>
int log_printf(const char *fmt, ...);
int log_vprintf(const char *fmt, va_list ap);
void sum(int count, ...);
int (*variadic_ptr)(int, ...);
