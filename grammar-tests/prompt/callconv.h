// args: --target i686-unknown-linux-gnu
/* Calling conventions (i686): on functions and in function pointer types. */
int __attribute__((stdcall)) cc_std(int a, int b);
int __attribute__((fastcall)) cc_fast(int a);
typedef void (__attribute__((stdcall)) *cc_cb)(void *user);
void cc_register(cc_cb cb, int (__attribute__((cdecl)) *plain)(void));
