# 0 "out-markers-multiline-call.h"
# 0 "<built-in>"
# 0 "<command-line>"
# 1 "/usr/include/stdc-predef.h" 1 3 4
# 0 "<command-line>" 2
# 1 "out-markers-multiline-call.h"



1 2


after_call 7
x y
# 18 "out-markers-multiline-call.h"
after_long_call 18
