// exit: 1
#ifdef
x
#endif
