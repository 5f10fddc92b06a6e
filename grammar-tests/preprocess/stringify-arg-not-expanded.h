// The operand of # is not macro-expanded; going through another macro expands it.
#define S(x) #x
#define XS(x) S(x)
#define V 42
S(V) XS(V) S(S(V)) XS(S(V))
