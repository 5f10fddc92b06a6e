// exit: 1
// args: -P -undef -nostdinc -I inc
#include <no-such-header.h>
