/* Function-like macros. */
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define LOG(fmt, ...) printf(fmt, __VA_ARGS__)
#define GNU_VARIADIC(args...) f(args)
#define NO_ARGS() 42
#define EMPTY_BODY(x)
#define STRINGIFY(x) #x
#define CONCAT(a, b) a##b
