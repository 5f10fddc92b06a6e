// exit: 1
#if 1 ? 2
#endif
