// args: -P -undef -I inc
// #line changes the presumed name, not the directory that "…" includes search first.
#line 1 "inc/sub/renamed.h"
#include "renamed-probe.h"
__FILE__
