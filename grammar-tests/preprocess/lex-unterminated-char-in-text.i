
int x;
it's
