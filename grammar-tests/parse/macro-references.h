/* Macros referring to other macros and to enumerators. */
#define BASE 16
#define TWICE (BASE * 2)
#define MASK (TWICE - 1)
#define ALIAS BASE
#define LATER_USE (DEFINED_AFTER + 1)
#define DEFINED_AFTER 41
enum { E_SEVEN = 7 };
#define FROM_ENUM (E_SEVEN * 2)
