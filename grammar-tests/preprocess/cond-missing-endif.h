// exit: 1
#if 1
int x;
