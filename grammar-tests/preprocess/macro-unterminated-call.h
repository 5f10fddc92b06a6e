// exit: 1
#define f(x) x
int a;
f(1,
  2
