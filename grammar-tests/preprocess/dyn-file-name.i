
"dyn-file-name.h"
"fname.h" "inc/fname.h"
