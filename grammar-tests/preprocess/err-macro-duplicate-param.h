// exit: 1
#define f(a, a) a
