// _Pragma("once") works like #pragma once.
#include "inc/once-op.h"
#include "inc/once-op.h"
int end;
