// exit: 1
// gcc: skip gcc -E only warns "missing terminating \" character"; headerkit rejects it (its input must be lexable C)
// An unterminated string literal in live code.
const char *s = "abc;
int y;
