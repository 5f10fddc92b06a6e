// args: --baseline old/macros.h
// expect: constant_changed constant_removed constant_added
// expect: macro_function_changed macro_function_removed macro_function_added
/* Macro constants: value, type (SIZE becomes unsigned long), string, expression of a
 * constant without a value; an expression written differently with the same value (FLAGS)
 * is no change. Function-like macros: parameters and body, whitespace aside. */
#define VERSION 2
#define WIDTH 10
#define FLAGS 4
#define NAME "new"
#define SIZE 4UL
#define RATIO 0.25
#define ADDED 7
#define SQUARE(x) ((x) * (x) * 1)
#define MAX(a, b, c) ((a) > (b) ? (a) : (b))
#define CLAMP(x) (x)
#define SPACED(x) (   x    )
