
__FILE_NAME__
__FILE_NAME__ "inc/fname.h"
