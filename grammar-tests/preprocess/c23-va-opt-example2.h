// C23 6.10.4.1 EXAMPLE (__VA_OPT__), second part: ## and # with __VA_OPT__.
#define H2(X, Y, ...) __VA_OPT__(X ## Y,) __VA_ARGS__
H2(a, b, c, d) // replaced by ab, c, d
#define H3(X, ...) #__VA_OPT__(X##X X##X)
H3(, 0) // replaced by ""
#define H4(X, ...) __VA_OPT__(a X ## X) ## b
H4(, 1) // replaced by a b
#define H5A(...) __VA_OPT__()/**/__VA_OPT__()
#define H5B(X) a ## X ## b
#define H5C(X) H5B(X)
H5C(H5A()) // replaced by ab
