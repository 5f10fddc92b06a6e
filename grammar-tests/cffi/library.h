// args: --writer-opt cffi:library=c
/* The library option: only what the named shared library exports is declared (here the C
 * library, found as the linker finds -lc; on Debian libc.so is a GNU ld script naming
 * libc.so.6). cffi's API mode refers to every declared function and variable, so one the
 * library lacks would make the module unimportable. Types and constants are unaffected;
 * a static const is the header's own. */
#include <stddef.h>
struct lib_pair { int a, b; };
#define LIB_LIMIT 16
size_t strlen(const char *s);
int lib_not_in_libc(struct lib_pair *p);
extern char **environ;
extern int lib_missing_counter;
static const int lib_local = 3;
