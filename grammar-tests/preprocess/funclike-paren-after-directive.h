// A directive between the name and the ( ends the search: no call (gcc).
#define f(x) [x]
f
#define g 1
(g)
