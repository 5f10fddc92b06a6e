// args: --writer-opt lua:lib_name=calls
/* Real calls through LuaJIT (calls.c implements them, calls.test.lua calls them). */
#include <stddef.h>
#define CALLS_VERSION "1.2"
#define CALLS_BIG 0x123456789ULL
#define CALLS_LIMIT 64
enum calls_op { CALLS_ADD = 1, CALLS_MUL = 2 };
typedef struct calls_vec { double x, y; } calls_vec;
typedef struct calls_flags { unsigned int a : 3; unsigned int b : 5; unsigned long long wide : 40; } calls_flags;
typedef int (*calls_cb)(int value, void *user);
calls_vec calls_vec_add(calls_vec a, calls_vec b);
int calls_apply(enum calls_op op, int a, int b);
int calls_each(const int *values, size_t n, calls_cb cb, void *user);
int calls_format(char *buf, size_t size, const char *fmt, ...);
unsigned long long calls_big(void);
unsigned int calls_flags_sum(const calls_flags *f);
extern int calls_counter;
