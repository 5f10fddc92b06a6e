


1 + 1
int ab
;
