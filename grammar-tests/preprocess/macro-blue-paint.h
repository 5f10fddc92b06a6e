// A name that was not replaced because it was inside its own expansion stays unreplaceable.
#define foo(x) bar x
foo(foo) (2)
#define f(x) [x]
#define g f(g)
g
#define m() m
m()()
