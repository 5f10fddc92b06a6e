#define foo (4 + foo)
#define x (4 + y)
#define y (2 * x)
foo x y
