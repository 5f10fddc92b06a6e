// #line sets the next line's number and optionally the file name; operands are macro-expanded.
__LINE__ __FILE__
#line 100
__LINE__ __FILE__
#line 200 "renamed.c"
__LINE__ __FILE__
#define LN 300
#define FN "macro.c"
#line LN FN
__LINE__ __FILE__
#line 400
__LINE__ __FILE__
