/* Typedefs: of base types, pointers, arrays, function types, function pointers with
 * parameter names, arrays of function pointers, pointers to arrays, anonymous records behind
 * pointers, several declarators, qualified typedefs, typedefs of typedefs, va_list. */
#include <stdarg.h>
typedef unsigned long size_type;
typedef const char *cstr;
typedef int vec3[3];
typedef int (*mat_ptr)[4];
typedef void handler_fn(int sig);
typedef handler_fn *handler_ptr;
typedef int (*compare_fn)(const void *lhs, const void *rhs);
typedef int (*op_table[8])(int, int);
typedef struct {
    int a;
    enum { HK_ONE = 1, HK_TWO } k;
} *handle_t, handle_val;
typedef enum { ZP_A } *zp_t;
typedef const size_type csize;
typedef volatile cstr *vcstr_ptr;
typedef va_list my_va;
void td_use(my_va ap, compare_fn cmp, handler_ptr h, vec3 v);
