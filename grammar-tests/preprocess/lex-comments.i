
int x;
a
 b
         c
e f
"/* not a comment */" '//' "a\"/*b"
g h
