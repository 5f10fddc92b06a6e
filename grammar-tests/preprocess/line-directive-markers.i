# 0 "line-directive-markers.h"
# 0 "<built-in>"
# 0 "<command-line>"
# 1 "/usr/include/stdc-predef.h" 1 3 4
# 0 "<command-line>" 2
# 1 "line-directive-markers.h"


a
# 100 "line-directive-markers.h"
b
# 200 "renamed.c"
c
