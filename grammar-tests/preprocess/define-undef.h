#define A 1
A
#undef A
A
#undef NEVER_DEFINED
#define F(x) (x)
F(2)
#undef F
F(2)
