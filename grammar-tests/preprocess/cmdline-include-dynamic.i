1 "cmdline-include-dynamic.h"


0
