int in_mark;
#include "mark2.h"
int in_mark_after;
