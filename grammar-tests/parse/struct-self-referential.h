/* Self- and mutually referential structs. */
struct node { struct node *next; int value; };
struct a;
struct b { struct a *pa; };
struct a { struct b *pb; struct a *self; };
