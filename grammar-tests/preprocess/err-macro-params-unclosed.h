// exit: 1
#define f(a x
