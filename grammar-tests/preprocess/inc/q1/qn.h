q1_first
#include_next "qn.h"
