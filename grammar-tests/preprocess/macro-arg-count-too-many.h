// exit: 1
#define f(a) a
f(1, 2)
