// The ( may come after the end of the expansion that produced the name.
#define f(x) [x]
#define g f
#define h() f
g(1) h()(2) g
(3)
g + 1
