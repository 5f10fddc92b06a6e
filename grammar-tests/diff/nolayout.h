// args: --baseline old/nolayout.json
// expect: struct_field_added struct_field_moved struct_packing_changed
/* A baseline saved without dependencies: the layout of a record that uses an
 * out-of-scope type by value cannot be computed on its side, so field order stands in for
 * offsets: a field added before existing ones is breaking (one added at the end is not),
 * a reordering reports the fewest fields that explain it (`a` moved after `c`), and a
 * packing attribute that changes is reported as such. */
#include <stddef.h>
struct buf { size_t len; size_t cap; char *data; };
struct order { size_t b; size_t c; size_t a; };
struct __attribute__((packed)) pk { char c; size_t n; };
struct tail { size_t n; size_t m; };
