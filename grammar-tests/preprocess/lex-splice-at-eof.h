// A backslash-newline at the very end of the file (gcc warns).
int a; \
