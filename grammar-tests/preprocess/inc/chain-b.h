int in_chain_b;
#include "missing.h"
