// args: -P -undef -I inc/dup1 -isystem inc/dup1 -I inc/dup2
// A -I directory that is also a system directory is searched only as a system directory.
#include <dup.h>
