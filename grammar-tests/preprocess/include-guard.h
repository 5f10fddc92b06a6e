#include "inc/guarded.h"
#include "inc/guarded.h"
int end;
