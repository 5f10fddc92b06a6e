// A function-like macro name not followed by ( is not a call.
#define f(x) [x]
f + 1;
int f;
f(2)
(f)(3)
