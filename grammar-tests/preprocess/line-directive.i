
2 "line-directive.h"
100 "line-directive.h"
200 "renamed.c"
300 "macro.c"
400 "macro.c"
