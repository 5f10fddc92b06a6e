
printf("x" "1" "= %d, x" "2" "= %s", x1, x2);
fputs("strncmp(\"abc\\0d\", \"abc\", '\\4') == 0"
 ": @\n", s);
int included_vers2;
"hello";
"hello" ", world"
