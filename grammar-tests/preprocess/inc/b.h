int from_b;
#include "a.h"
