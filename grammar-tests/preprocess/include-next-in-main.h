// args: -P -undef -I inc
// #include_next in the main file acts like #include (gcc warns).
#include_next <a.h>
