// args: --baseline old/unions.h
// expect: union_removed union_added union_field_added union_field_removed
// expect: union_size_changed union_field_type_changed struct_removed
/* Unions are their own kind: `flip` turning from a struct into a union is a removal and an
 * addition, and members of a union never move. `value` gains a member that fits (an
 * addition only); `wider` one that grows it. */
union value { char c; int i; float f; };
union wider { int i; float f; double d; };
union narrow { int i; };
union retype { int i; long c; };
union fresh { int i; };
union flip { int i; };
