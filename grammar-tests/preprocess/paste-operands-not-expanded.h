// Operands of ## are not expanded first; through another macro they are.
#define A 1
#define B 2
#define CAT(a, b) a ## b
#define XCAT(a, b) CAT(a, b)
CAT(A, B) XCAT(A, B) XCAT(A, x)
