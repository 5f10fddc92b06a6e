#if 0
#include "does-not-exist.h"
#include garbage
#endif
int ok;
