// An included file without a final newline ends its last line.
#include "inc/nonl.h"
;
#include "inc/nonl-define.h"
FROM_NONL
