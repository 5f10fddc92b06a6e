/* Attributes on pointer declarators and on parameters. */
void take(int *__attribute__((aligned(8))) p);
void unused_param(int x __attribute__((unused)), int y);
void nonnull_params(char *dst, const char *src) __attribute__((nonnull(1, 2)));
