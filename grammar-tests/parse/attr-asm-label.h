/* asm labels rename the symbol. */
int real_open(const char *path, int flags) __asm__("open64");
extern int renamed_var __asm__("renamed_var_v2");
int same_name(void) __asm__("same_name");
int __REDIRECT_like(int x) __asm__ ("" "redirected");
