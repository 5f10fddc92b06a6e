#define F(a) [a]
#define G(a, b) [a|b]
#define H(a, b, c) [a|b|c]
F() F( ) G(,) G( , 2) G(1, ) H(,,) H(, x ,)
