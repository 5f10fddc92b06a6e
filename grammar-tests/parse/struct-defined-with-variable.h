/* A struct defined in the declaration of variables of its type. */
extern struct with_var { int a; char b; } instance, *instance_ptr;
extern union with_var_u { int i; float f; } u_instances[2];
