/* Typedefs of function pointers. */
typedef void (*callback_t)(void *ctx, int status);
typedef int (*compare_t)(const void *, const void *);
typedef callback_t (*callback_factory_t)(compare_t cmp);
void install(callback_t cb, compare_t cmp);
