// exit: 1
#define defined 1
