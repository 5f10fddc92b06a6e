#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "functions.h"

int add(int a, int b) { return a + b; }
void noargs(void) {}
int knr() { return 7; }
int sum_ints(int n, ...) {
    va_list ap; int s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}
double sum_doubles(int n, ...) {
    va_list ap; double s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return s;
}
int apply(binop_fn f, int x, int y) { return f(x, y); }
static handler_fn *handler;
void set_handler(handler_fn *h) { handler = h; }
void fire(int v) { if (handler) handler(v); }
struct pair make_pair(int a, int b) { struct pair p = { a, b }; return p; }
int pair_sum(struct pair p) { return p.a + p.b; }
void swap_pair(struct pair *p) { int t = p->a; p->a = p->b; p->b = t; }
const char *greeting(void) { return "hello"; }
char *shout(const char *s) {
    char *r = strdup(s);
    for (char *q = r; *q; q++) *q = (char)toupper((unsigned char)*q);
    return r;
}
void release(void *p) { free(p); }
size_t count_chars(const char *s, char c) { size_t n = 0; for (; *s; s++) n += *s == c; return n; }
int sum_arr(const int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
int sum_matrix(int m[][4], int rows) {
    int s = 0;
    for (int r = 0; r < rows; r++) for (int c = 0; c < 4; c++) s += m[r][c];
    return s;
}
int renamed(void) { return 42; }
unsigned int case_version(void) { return 0x010203; }
const char *case_version_string(void) { return "1.2.3"; }
_Bool flag_fn(_Bool b) { return !b; }
long double ld_half(long double x) { return x / 2; }
int counter = 5;
const char *lib_label = "label";
int table[4] = { 1, 2, 3, 4 };
double grid[2][2] = { { 1.5, 2.5 }, { 3.5, 4.5 } };
binop_fn current_op = add;
struct pair origin = { -1, 1 };
