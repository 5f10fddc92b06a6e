# 1 "/usr/include/stdc-predef.h" 1 3 4
# 1 "line-directive-markers.h"


a
# 100 "line-directive-markers.h"
b
# 200 "renamed.c"
c
