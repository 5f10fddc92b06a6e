// __COUNTER__ increments at each expansion.
__COUNTER__ __COUNTER__
#define CAT(a, b) a ## b
#define XCAT(a, b) CAT(a, b)
XCAT(v, __COUNTER__) XCAT(v, __COUNTER__)
#define TWICE(x) x x
TWICE(__COUNTER__)
#if __COUNTER__ == 5
counter_in_if
#endif
__COUNTER__
