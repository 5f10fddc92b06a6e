// exit: 1
// An unknown identifier followed by ( is an error.
#if UNDEF(1)
x
#endif
