"dyn-file-in-include.h" 0 "dyn-file-in-include.h"
"inc/file.h" 1 "dyn-file-in-include.h" 1
"inc/file2.h" 2 "dyn-file-in-include.h"
"dyn-file-in-include.h" 0 3
