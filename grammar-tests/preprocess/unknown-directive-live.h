// exit: 1
int x;
#frobnicate 1 2
int y;
