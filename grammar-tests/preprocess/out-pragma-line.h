// gcc puts a _Pragma on its own line.
int a; _Pragma("once_more") int b; _Pragma("x") _Pragma("y") int c;
