// exit: 1
#include
