/* typedef struct { ... } T; and friends. */
typedef struct { int a; } T;
typedef struct { T t; int b; } *TPtr;
typedef union { int i; float f; } U, *UPtr;
typedef struct { char c; } Arr[2];
