#define N 10
#define LIST 1, 2, 3
#define EMPTY
int a[N] = { LIST }; EMPTY int b;
