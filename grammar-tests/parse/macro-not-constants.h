/* Object-like macros that are not constants produce no declarations. */
#define EMPTY
#define KEYWORD const
#define CALL f(1)
#define DECLARATION int x
#define TYPE_NAME unsigned long
#define REAL_CONSTANT 5
