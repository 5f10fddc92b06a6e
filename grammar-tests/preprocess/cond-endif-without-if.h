// exit: 1
int x;
#endif
