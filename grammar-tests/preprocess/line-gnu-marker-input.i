50 "other.c"
7 "third.c"
