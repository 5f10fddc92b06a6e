// exit: 1
#define g(a, b) a b
g(1)
