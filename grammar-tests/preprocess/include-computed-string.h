// A macro expanding to a string literal names the file.
#define H "inc/a.h"
#include H
