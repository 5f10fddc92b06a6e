// exit: 1
/* A syntax error fails the header with its location. */
int fine(void);
int broken(int;
