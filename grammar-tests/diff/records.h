// args: --baseline old/records.h
// expect: struct_removed struct_added struct_field_added struct_field_removed
// expect: struct_field_type_changed struct_field_moved struct_size_changed
// expect: struct_made_opaque struct_made_complete struct_deprecated
/* Structs, measured with the target's layout. `hole` gains a field in its padding (an
 * addition that moves nothing and keeps the size: non-breaking); `grow` gains one at the
 * end (the size changes); `insert` one in the middle (b moves); `swap` swaps two fields
 * (both move, nothing else); `packed_later` becomes packed (i moves, the size shrinks). */
struct grow { int a; int b; int c; };
struct hole { char c; char d; int i; };
struct insert { int a; int mid; int b; };
struct swap { int b; int a; };
struct retype { long a; short s; unsigned flags : 5; };
struct shrink { int a; };
struct fresh { int a; };
struct hide;
struct reveal { int a; };
struct __attribute__((deprecated)) tidy { int a; };
struct __attribute__((packed)) packed_later { char c; int i; };
