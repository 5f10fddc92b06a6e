// args: -P -undef -I no-such-dir -I inc
// A missing -I directory is ignored.
#include <a.h>
