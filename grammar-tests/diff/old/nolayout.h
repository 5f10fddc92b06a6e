/* Baseline of nolayout.h, saved as old/nolayout.json without dependencies (the json
 * writer's default), so size_t is unknown there and no layout can be computed. */
#include <stddef.h>
struct buf { size_t len; char *data; };
struct order { size_t a; size_t b; size_t c; };
struct pk { char c; size_t n; };
struct tail { size_t n; };
