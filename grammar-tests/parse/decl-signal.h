/* The classic: a function returning a pointer to a function. */
void (*signal(int sig, void (*func)(int)))(int);
