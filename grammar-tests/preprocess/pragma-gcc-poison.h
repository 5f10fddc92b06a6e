// exit: 1
// A poisoned identifier may not be used afterwards.
#pragma GCC poison gets
int x;
gets
