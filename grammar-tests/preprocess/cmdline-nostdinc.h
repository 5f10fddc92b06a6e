// exit: 1
// args: -P -undef -nostdinc
// Without the standard directories a libc header is not found.
#include <stdio.h>
