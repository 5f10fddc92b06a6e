/* restrict (and its GNU spellings) on parameters. */
void *copy(void *restrict dst, const void *restrict src, unsigned long n);
void fill(int *__restrict out, int *__restrict__ end);
int nested(char **restrict strs, const char *restrict *restrict both);
