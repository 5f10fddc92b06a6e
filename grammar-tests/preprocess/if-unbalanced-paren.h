// exit: 1
#if (1
x
#endif
