#define apply(m, x) m(x)
#define sq(x) ((x)*(x))
apply(sq, 3)
apply(apply, sq)
