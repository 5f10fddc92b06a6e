// exit: 1
// Mutually including headers without guards hit the nesting limit.
#include "inc/cycle-a.h"
