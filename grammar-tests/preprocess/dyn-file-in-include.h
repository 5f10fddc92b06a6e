__FILE__ __INCLUDE_LEVEL__ __BASE_FILE__
#include "inc/file.h"
__FILE__ __INCLUDE_LEVEL__ __LINE__
