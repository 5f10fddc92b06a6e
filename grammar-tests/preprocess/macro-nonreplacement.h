// A macro's name inside its own expansion is not replaced again.
#define foo foo
#define a a b
#define x y
#define y x
foo a x y
#define f(a) a*g
#define g(a) f(a)
f(2)(9)
