// exit: 1
#if 1 = 1
x
#endif
