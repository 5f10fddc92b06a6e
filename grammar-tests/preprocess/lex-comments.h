// A comment is replaced by one space; comment markers inside literals are text.
int/**/x;
a/* multi
line */b
/* // */ c // /* d
e /* * / ** / */ f
"/* not a comment */" '//' "a\"/*b"
g/**//**/h
