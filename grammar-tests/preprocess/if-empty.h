// exit: 1
#if
x
#endif
