
int x = 1;
