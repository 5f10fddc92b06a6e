cycle_b
#include "cycle-a.h"
