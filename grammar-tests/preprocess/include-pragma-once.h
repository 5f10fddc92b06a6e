#include "inc/once.h"
#include "inc/once.h"
#include "inc/../inc/once.h"
int end;
