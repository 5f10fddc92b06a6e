// GNU `, ## __VA_ARGS__` deletes the comma when the variable arguments are absent or empty.
#define e(fmt, ...) f(fmt, ## __VA_ARGS__)
#define e2(fmt, args...) f(fmt, ## args)
#define e3(...) f(a, ## __VA_ARGS__)
e(x) e(x,) e(x, 1, 2)
e2(x) e2(x,) e2(x, 1)
e3() e3(b)
