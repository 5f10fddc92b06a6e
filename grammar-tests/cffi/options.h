// args: --writer-opt cffi:exclude_patterns=^priv_ --writer-opt cffi:exclude_patterns=_internal$ --writer-opt cffi:define_patterns=^OPT_FLAG_ --writer-opt 'cffi:define_patterns=^(INT_MAX|CHAR_BIT|OPT_SIZED|OPT_STRING|OPT_EMPTY|OPT_FN)$' --writer-opt 'cffi:extra_cdef=extern "Python" void py_cb(int);' --writer-opt 'cffi:extra_cdef=typedef int extra_int_t;'
/* Options: exclude_patterns, define_patterns, extra_cdef. define_patterns searches the
   preprocessor's macro table: INT_MAX and CHAR_BIT come from <limits.h>, outside the scope;
   OPT_SIZED (a sizeof) is an in-scope constant, written as '...' in its place; a string
   constant keeps its static const form; empty and function-like macros are never matched. */
#include <limits.h>
#define OPT_SIZED ((int)sizeof(struct opt_sized))
#define OPT_STRING "str"
#define OPT_EMPTY
#define OPT_FN(x) (x)
struct opt_sized { char c[12]; };
#define OPT_FLAG_A 1
#define OPT_FLAG_B (OPT_FLAG_A << 1)
#define OPT_OTHER 7
#define priv_limit 3
typedef struct priv_state priv_state;
struct priv_state { int secret; };
int priv_helper(void);
int api_internal(void);
int api_call(int flags);
