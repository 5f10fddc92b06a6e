// Redefinition with the same tokens (whitespace amount aside) is allowed silently.
#define A 1  +  2
#define A 1 + 2
#define A /* comment */ 1 + /**/ 2
#define F(a, b) a  ##  b
#define F( a , b ) a ## b
A F(x, y)
