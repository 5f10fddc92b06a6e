# 0 "out-line-markers.h"
# 0 "<built-in>"
# 0 "<command-line>"
# 1 "/usr/include/stdc-predef.h" 1 3 4
# 0 "<command-line>" 2
# 1 "out-line-markers.h"


int first;
# 1 "inc/mark.h" 1
int in_mark;
# 1 "inc/mark2.h" 1
int in_mark2;
# 3 "inc/mark.h" 2
int in_mark_after;
# 5 "out-line-markers.h" 2
int after_include;
