// args: -undef
// Line markers follow #line.
a
#line 100
b
#line 200 "renamed.c"
c
