// gcc processes conditional directives inside a macro's argument list.
#define f(x) [x]
#define X
f(1
#ifdef X
2
#else
3
#endif
)
