#include "inc/empty.h"
int after_empty;
