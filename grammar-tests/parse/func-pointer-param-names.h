/* Parameter names inside function-pointer types are kept. */
void subscribe(void (*on_event)(int code, void *ctx), void *ctx);
typedef int (*visitor_t)(const char *key, const char *value, void *user);
int walk(visitor_t visit, int (*filter)(const char *key));
