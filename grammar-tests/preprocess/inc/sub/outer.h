// quote includes look first in the including file's directory
#include "inner.h"
