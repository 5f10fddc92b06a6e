/* Pointers to pointers, at every depth. */
extern int **pp;
extern char ***ppp;
int **make_table(int ***out, void **opaque);
