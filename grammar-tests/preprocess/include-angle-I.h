// args: -P -undef -I inc
#include <a.h>
