// exit: 1
// #include inside macro arguments (gcc: the argument list is unterminated).
#define f(x) [x]
f(1
#include "inc/a.h"
2)
