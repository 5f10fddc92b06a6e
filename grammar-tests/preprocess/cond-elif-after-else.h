// exit: 1
#if 0
a
#else
b
#elif 1
c
#endif
