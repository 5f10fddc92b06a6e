// A GNU line marker in the input (`# N "file" flags`) works like #line.
# 50 "other.c"
__LINE__ __FILE__
# 7 "third.c" 1
__LINE__ __FILE__
