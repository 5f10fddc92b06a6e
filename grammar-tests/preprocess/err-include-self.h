// exit: 1
// Runaway recursion through #include __FILE__.
#include __FILE__
