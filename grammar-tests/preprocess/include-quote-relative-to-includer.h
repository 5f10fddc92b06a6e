// args: -P -undef -I inc
#include "inc/sub/outer.h"
#include "b.h"
