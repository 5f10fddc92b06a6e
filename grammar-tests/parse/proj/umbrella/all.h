/* An umbrella header: only includes. */
#include "../include/lib/main.h"
#include "../include/other/other.h"
