__FILE__ __INCLUDE_LEVEL__ __BASE_FILE__ __LINE__
#include "file2.h"
