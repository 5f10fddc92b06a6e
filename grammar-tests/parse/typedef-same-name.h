/* typedef struct T { ... } T; one struct, one name. */
typedef struct node { int value; struct node *next; } node;
typedef struct other { int x; } other_t;
typedef union word { int i; char c[4]; } word;
