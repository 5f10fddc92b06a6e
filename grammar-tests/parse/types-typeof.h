/* __typeof__ of types and of expressions. */
extern int counter;
extern __typeof__(int *) int_ptr;
extern __typeof__(counter) same_as_counter;
extern __typeof__(counter) *ptr_to_counter_type;
typedef __typeof__(sizeof(int)) my_size_t;
extern __typeof__(1.5f) a_float;
