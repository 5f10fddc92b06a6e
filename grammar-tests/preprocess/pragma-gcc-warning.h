// #pragma GCC warning prints a warning and goes on.
#pragma GCC warning "look out"
int x;
