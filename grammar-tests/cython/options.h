// args: --writer-opt cython:include=./options.h --writer-opt cython:nogil=true
/* Options: `include` names the header in `cdef extern from`, `nogil` marks the block. */
#define OPT_FLAG 1
typedef struct opt_state opt_state;
opt_state *opt_new(int flags);
int opt_run(opt_state *s);
