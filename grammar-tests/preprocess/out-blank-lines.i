# 0 "out-blank-lines.h"
# 0 "<built-in>"
# 0 "<command-line>"
# 1 "/usr/include/stdc-predef.h" 1 3 4
# 0 "<command-line>" 2
# 1 "out-blank-lines.h"


a


b
# 19 "out-blank-lines.h"
c




d
