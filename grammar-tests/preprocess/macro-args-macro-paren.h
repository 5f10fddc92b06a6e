// Parentheses that come from a macro inside the arguments do not delimit them.
#define f(x) [x]
#define RP )
#define LP (
#define COMMA ,
f(1 RP) f(LP 2) f(a COMMA b)
