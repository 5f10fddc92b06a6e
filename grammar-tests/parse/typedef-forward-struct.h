/* typedef of a struct before the struct is defined. */
typedef struct X X;
struct X { X *next; int value; };
typedef union U U;
union U { int i; U *self; };
