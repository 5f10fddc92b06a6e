/* Arrays of pointers, with qualifiers on the elements. */
extern char *names[4];
extern const char *const labels[2];
extern int *(*pick)[2];
