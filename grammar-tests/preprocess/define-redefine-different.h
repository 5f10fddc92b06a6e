// Incompatible redefinitions: gcc warns and the new definition wins.
#define A 1+2
#define A 1 + 2
A
#define F(a) a
#define F(b) b
F(x)
#define G 1
#define G 2
G
