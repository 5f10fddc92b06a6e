// Extra tokens after #else/#endif: gcc warns only.
#define X
#ifdef X junk
a
#else junk
b
#endif X
