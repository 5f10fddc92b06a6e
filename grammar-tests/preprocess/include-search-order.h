// args: -P -undef -iquote inc/order/q -I inc/order/i -isystem inc/order/s -idirafter inc/order/d
// "…" searches -iquote first; <…> skips -iquote: then -I, -isystem, -idirafter.
#include "order1.h"
#include <order1.h>
#include <order2.h>
#include <order3.h>
#include "order4.h"
