// exit: 1
// A conditional opened in a header must be closed there.
#include "inc/open-if.h"
#endif
