// #elifdef / #elifndef (C23; gcc 12 accepts them in gnu17 too).
#define HAVE_B
#ifdef HAVE_A
BAD1
#elifdef HAVE_B
b_defined
#else
BAD2
#endif
#ifdef HAVE_A
BAD3
#elifndef HAVE_C
c_not_defined
#endif
#if 1
first
#elifdef HAVE_B
BAD4
#endif
