/* va_list: an opaque type cffi accepts as a declared function's parameter, but not inside a
 * function-pointer type (cffi needs it complete there): those are skipped with a comment. */
#include <stdarg.h>
typedef int vfn(const char *, va_list);
typedef int (*vfp)(const char *, va_list);
typedef int (*plain_fp)(const char *, ...);
int direct(const char *f, va_list ap);
vfn *get_vfn(void);
struct holder {
    vfp cb;
    plain_fp ok;
    int x;
};
int takes(vfp f);
int takes_plain(plain_fp f);
