// exit: 1
#define g(x) x ##
