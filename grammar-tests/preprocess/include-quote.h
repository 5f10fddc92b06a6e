#include "inc/a.h"
int after;
