/* Baseline of functions.h. */
typedef unsigned long my_size;
int gone(void);
int same(int a, const char *s);
int ret(void);
long params(int a, int b);
int count(int a);
int variadic(const char *fmt);
int proto();
void renamed(int old_name);
void spelled(unsigned long n);
int exported(int x);
int sym(int x) __asm__("sym_v1");
void deprecate_me(void);
void (*cb_param(void (*cb)(int code)))(int);
