/* Named, unnamed and mixed parameters; parameters named like typedefs elsewhere. */
typedef unsigned size;
int mixed(int first, char *, double third);
int shadow(int size);
void arrays(int n, int values[], char (*names)[8]);
