// args: --baseline old/enums.h
// expect: enum_value_removed enum_value_added enum_value_changed enum_size_changed
// expect: enum_removed enum_added
/* Enums: values removed, added and renumbered; `small` needs 64 bits now (its size
 * changes); typedef'd anonymous enums are matched by the typedef's name. */
enum color { RED, GREEN, BLUE, ALPHA };
enum level { LOW = 1, HIGH = 3 };
enum small { S_ONE = 1, S_BIG = 0x100000000 };
enum fresh { F_ONE };
typedef enum { K_A } kind_t;
