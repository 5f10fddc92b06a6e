// exit: 1
#define F(...) __VA_OPT__(a
