// Stringifying through another macro: whitespace comes from the expanded sequence.
#define str(x) #x
#define xstr(x) str(x)
#define EMPTY
#define PLUS +
xstr(a EMPTY b) xstr(EMPTY a) xstr(a EMPTY) xstr(-EMPTY-) xstr(+PLUS) xstr(PLUS+) xstr(f(EMPTY))
