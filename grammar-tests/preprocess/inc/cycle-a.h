cycle_a
#include "cycle-b.h"
