#define X
#define Z 0
#if defined X
ok_bare
#else
BAD_bare
#endif
#if defined(X)
ok_parens
#else
BAD_parens
#endif
#if defined ( X )
ok_spaced
#else
BAD_spaced
#endif
#if !defined Y && !defined(Y)
ok_not
#else
BAD_not
#endif
#if defined Z && !Z
ok_zero_value
#else
BAD_zero_value
#endif
#if defined X && defined(Z) || defined W
ok_combined
#else
BAD_combined
#endif
