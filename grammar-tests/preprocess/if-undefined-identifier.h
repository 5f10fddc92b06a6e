// Identifiers left after expansion evaluate to 0.
#define A B
#if UNDEF == 0
ok_undef_zero
#else
BAD_undef_zero
#endif
#if A == 0
ok_chain_zero
#else
BAD_chain_zero
#endif
#if int == 0 && sizeof == 0
ok_keywords_zero
#else
BAD_keywords_zero
#endif
