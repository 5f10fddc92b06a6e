/* Typedefs of typedefs keep their names as written. */
typedef int i32;
typedef i32 myint;
typedef myint *myint_ptr;
typedef const myint_ptr const_myint_ptr;
typedef myint_ptr myint_ptr_array[3];
