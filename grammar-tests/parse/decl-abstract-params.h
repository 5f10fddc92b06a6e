/* Abstract declarators in parameter lists. */
void sort(void *, unsigned long, unsigned long, int (*)(const void *, const void *));
void shapes(int [], int [3], char *[], int (*)[4], void (*)(void), int (*[2])(int));
void matrix(double [][3], const int *const *);
