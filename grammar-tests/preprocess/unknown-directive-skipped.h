#if 0
#frobnicate 1 2
#endif
int y;
