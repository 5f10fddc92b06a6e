/* f() has no prototype; f(void) has one with no parameters. */
int old_style();
int prototyped(void);
int later_prototyped();
int later_prototyped(int, char *);
void *no_args_pointer();
