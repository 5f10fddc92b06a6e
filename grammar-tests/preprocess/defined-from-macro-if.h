// gcc evaluates `defined` that comes out of macro expansion in #if
// (IS(FX): the argument FX is a function-like macro name without (, so it stays FX).
#define X
#define FX(a) a
#define D defined(X)
#define IS(m) defined(m)
#if D
d_true
#endif
#if IS(FX) && !IS(Y)
is_true
#endif
