// args: --baseline old/anonymous.h
// expect: enum_value_removed enum_value_added enum_value_changed
// expect: struct_field_added struct_field_type_changed struct_field_moved struct_size_changed
/* Anonymous things have no name to match by, and none is made up: every declaration here
 * moved down some lines, which changes nothing. Members of anonymous members are compared
 * as members of the record (`key` may move out of the union without a removal), members of
 * named members of anonymous type by path (`size.h`), typedefs of anonymous structs through
 * the typedef, and the enumerators of anonymous enums one by one (FLAG_B moved to its own
 * enum: no change; MODE_AUTO is new). */



enum { FLAG_A = 1, FLAG_C = 8 };
enum { FLAG_B = 2, FLAG_D = 16 };

struct event {
    int type;
    int key;
    union { float x; };
    struct { int w; long h; } size;
    enum { MODE_OFF, MODE_ON, MODE_AUTO } mode;
};
typedef struct { int fd; } conn_t;
typedef struct { int refs; int weak; } *handle_t;
struct { int count; } counter;
