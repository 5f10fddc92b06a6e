// exit: 1
#if defined
#endif
