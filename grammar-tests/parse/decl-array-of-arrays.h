/* Arrays of arrays: the first size is the outermost. */
extern int grid[3][4];
extern double cube[2][3][4];
extern char words[][16];
