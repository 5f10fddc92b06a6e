// args: -P --target x86_64-unknown-linux-gnu --sysroot no-such-sysroot
// gcc: skip our built-in freestanding headers (gcc would use its own and the host's)
#if __has_include(<stddef.h>) && __has_include(<stdbool.h>) && !__has_include(<stdio.h>)
builtin_freestanding_only
#endif
#include <stdbool.h>
#include <iso646.h>
true false bool a and b or not c
