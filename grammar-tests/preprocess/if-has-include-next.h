// args: -P -undef -I inc/n1 -I inc/n2
#include <hn.h>
