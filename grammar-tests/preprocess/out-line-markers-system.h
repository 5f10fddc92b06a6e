// args: -undef -isystem inc/sys
// Headers from -isystem directories get flag 3.
#include <sysh.h>
int back;
