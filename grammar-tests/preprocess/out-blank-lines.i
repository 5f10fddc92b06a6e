# 1 "/usr/include/stdc-predef.h" 1 3 4
# 1 "out-blank-lines.h"


a


b
# 19 "out-blank-lines.h"
c




d
