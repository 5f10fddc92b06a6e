/* Arrays of pointers to functions. */
extern void (*handlers[8])(int);
typedef int (*op_table[4])(int, int);
extern op_table ops;
extern const char *(*const describers[2])(unsigned code);
