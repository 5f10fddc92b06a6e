// args: -undef
// #pragma GCC system_header marks the rest of the header as a system header (flag 3).
#include "inc/sysheader.h"
int main_file;
