// exit: 1
// A directory is not a header.
#include "inc"
