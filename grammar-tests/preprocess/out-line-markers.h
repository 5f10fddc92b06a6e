// args: -undef
// Line markers: flag 1 entering an include, 2 returning to the includer.
int first;
#include "inc/mark.h"
int after_include;
