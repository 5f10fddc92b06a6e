// exit: 1
#pragma GCC error "stop"
int x;
