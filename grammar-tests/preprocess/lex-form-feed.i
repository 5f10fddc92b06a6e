
int x;
int y;
