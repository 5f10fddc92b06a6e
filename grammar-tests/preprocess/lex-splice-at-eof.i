
int a;
