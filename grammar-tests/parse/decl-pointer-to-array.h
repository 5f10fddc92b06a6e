/* Pointer to array versus array of pointers. */
extern int (*row)[3];
extern int (*plane)[2][5];
typedef int (*row_ptr)[8];
int (*rows(void))[4];
