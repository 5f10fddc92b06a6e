// args: --writer-opt cffi:exclude_patterns=^priv_ --writer-opt cffi:exclude_patterns=_internal$ --writer-opt cffi:define_patterns=^OPT_FLAG_ --writer-opt 'cffi:extra_cdef=extern "Python" void py_cb(int);' --writer-opt 'cffi:extra_cdef=typedef int extra_int_t;'
/* Options: exclude_patterns, define_patterns, extra_cdef. */
#define OPT_FLAG_A 1
#define OPT_FLAG_B (OPT_FLAG_A << 1)
#define OPT_OTHER 7
#define priv_limit 3
typedef struct priv_state priv_state;
struct priv_state { int secret; };
int priv_helper(void);
int api_internal(void);
int api_call(int flags);
