#include <stdarg.h>
#include <stdio.h>
#include "calls.h"
int calls_counter = 41;
calls_vec calls_vec_add(calls_vec a, calls_vec b) { calls_vec r = { a.x + b.x, a.y + b.y }; return r; }
int calls_apply(enum calls_op op, int a, int b) { return op == CALLS_ADD ? a + b : a * b; }
int calls_each(const int *values, size_t n, calls_cb cb, void *user) {
    int total = 0;
    for (size_t i = 0; i < n; i++) total += cb(values[i], user);
    return total;
}
int calls_format(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
unsigned long long calls_big(void) { return CALLS_BIG; }
unsigned int calls_flags_sum(const calls_flags *f) { return f->a + f->b; }
