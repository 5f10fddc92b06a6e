/* Baseline of unions.h. */
union value { int i; float f; };
union wider { int i; float f; };
union narrow { int i; double d; };
union retype { int i; char c; };
union gone { int i; };
struct flip { int i; };
