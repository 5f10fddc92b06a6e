/* Function pointers that return function pointers. */
typedef int (*(*getter_t)(void))(const char *);
int (*(*pick(int which))(double))(long);
extern void (*(*factory)(int))(void *);
