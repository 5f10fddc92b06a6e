/* Enumerators defined through macros. */
#define BASE 100
#define NEXT(x) ((x) + 1)
enum macros { M_BASE = BASE, M_NEXT = NEXT(BASE), M_TWICE = BASE * 2 };
