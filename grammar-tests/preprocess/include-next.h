// args: -P -undef -I inc/n1 -I inc/n2 -I inc/n3
#include <nx.h>
