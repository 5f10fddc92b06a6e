# 0 "pragma-gcc-system-header.h"
# 0 "<built-in>"
# 0 "<command-line>"
# 1 "/usr/include/stdc-predef.h" 1 3 4
# 0 "<command-line>" 2
# 1 "pragma-gcc-system-header.h"
# 1 "inc/sysheader.h" 1
int before_pragma;
# 3 "inc/sysheader.h" 3
int after_pragma;
# 4 "pragma-gcc-system-header.h" 2
int main_file;
