// __VA_OPT__ is available in gcc's default gnu17 mode.
#define F(a, ...) f(a __VA_OPT__(,) __VA_ARGS__)
#define EMPTY
F(1) F(1, 2) F(1, ) F(1, EMPTY) F(1, EMPTY 3)
