// exit: 1
#if 1 % 0
x
#endif
