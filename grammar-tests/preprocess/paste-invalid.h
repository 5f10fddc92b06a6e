// exit: 1
// Pasting "x" and + does not give a valid preprocessing token (gcc: error).
#define CAT(a, b) a ## b
CAT("x", +)
