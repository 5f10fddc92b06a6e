int in_chain_a;
#include "chain-b.h"
