// gcc also processes #define inside a macro's argument list; the new macro expands in the argument.
#define f(x) [x]
f(1
#define Y 2
Y)
Y
