// args: --writer-opt prompt:verbosity=verbose
/* The verbose verbosity: constants with their C types and their expressions as written. */
#define V_ONE 1
#define V_SHIFT (V_ONE << 4)
#define V_MASK (V_SHIFT - 1u)
#define V_RATIO (1.0 / 3)
#define V_NAME "v" "erbose"
#define V_LONG 10L
struct v_pair {
    int a;
    long b : 7;
};
int v_call(struct v_pair p);
