/* deprecated, with and without a message, on every kind of declaration. */
int old_api(void) __attribute__((deprecated));
int older_api(void) __attribute__((deprecated("use new_api")));
int new_api(void);
typedef int old_int __attribute__((deprecated));
struct __attribute__((deprecated("gone"))) gone_struct { int x; };
extern int old_var __attribute__((deprecated("use new_var")));
__attribute__((deprecated)) int front_deprecated(int);
