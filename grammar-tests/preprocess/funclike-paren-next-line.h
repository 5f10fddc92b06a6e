// The ( may follow on a later line.
#define f(x) [x]
f

(1)
f
// a comment line
(2)
f
