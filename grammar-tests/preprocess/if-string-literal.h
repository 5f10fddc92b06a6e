// exit: 1
#if "a"
x
#endif
