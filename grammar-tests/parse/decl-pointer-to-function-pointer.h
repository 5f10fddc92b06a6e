/* Pointers to pointers to functions. */
extern void (**callbacks)(void);
void register_callbacks(void (**list)(int), unsigned count);
int (**lookup(const char *name))(int);
