// args: -P -undef -I inc/q1 -I inc/q2
// #include_next "…" continues after the directory where the current file was found.
#include "qn.h"
