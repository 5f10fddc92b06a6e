// exit: 1
// a missing header reported with its include chain
#include "inc/chain-a.h"
