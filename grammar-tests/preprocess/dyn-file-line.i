
"dyn-file-line.h" 2
3
 4
int a =
 6;

 8

10
