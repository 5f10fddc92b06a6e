#include "inc/defs.h"
int v = FROM_HEADER;
