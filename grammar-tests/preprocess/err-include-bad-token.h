// exit: 1
#include 42
