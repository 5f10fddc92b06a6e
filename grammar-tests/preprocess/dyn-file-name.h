// __FILE_NAME__ (gcc 12) is the last path component of __FILE__.
__FILE_NAME__
#include "inc/fname.h"
