// f(f)(1): the inner f is part of f's expansion and is not replaced again.
#define f(x) x
f(f)(1)
#define g(x) x(1)
g(g)
