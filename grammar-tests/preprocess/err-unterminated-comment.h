// exit: 1
int x;
/* never closed
int y;
