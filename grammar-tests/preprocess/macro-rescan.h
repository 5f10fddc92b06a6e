// The result of a replacement is rescanned with the rest of the source.
#define A B
#define B C
#define C 42
A
#define F(x) [x]
#define G F
G(1)
#define LP (
F LP 2)
#define CALL(m) m(3)
CALL(F)
