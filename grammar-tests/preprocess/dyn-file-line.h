// __FILE__ is the name as given; __LINE__ counts physical lines, splices included.
__FILE__ __LINE__
__LINE__ \
__LINE__
int a = \
  __LINE__;
/* a comment
spanning lines */ __LINE__
#define L __LINE__
L
