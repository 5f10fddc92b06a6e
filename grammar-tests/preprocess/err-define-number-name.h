// exit: 1
#define 123 x
