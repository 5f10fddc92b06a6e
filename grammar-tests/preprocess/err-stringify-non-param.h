// exit: 1
#define f(x) #y
