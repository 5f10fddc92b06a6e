# 0 "out-line-markers-system.h"
# 0 "<built-in>"
# 0 "<command-line>"
# 1 "/usr/include/stdc-predef.h" 1 3 4
# 0 "<command-line>" 2
# 1 "out-line-markers-system.h"
# 1 "inc/sys/sysh.h" 1 3 4
int in_system_header;
# 4 "out-line-markers-system.h" 2
int back;
