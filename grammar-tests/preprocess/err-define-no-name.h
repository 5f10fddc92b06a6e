// exit: 1
#define
