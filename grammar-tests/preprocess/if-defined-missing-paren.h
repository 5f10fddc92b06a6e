// exit: 1
#if defined(X
x
#endif
