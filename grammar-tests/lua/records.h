/* Structs and unions: nesting, anonymous members, typedef forms, arrays, flexible arrays. */
struct point { int x, y; };
typedef struct point point_t;
typedef struct node { int value; struct node *next; } node;
typedef struct { double re, im; } cplx;
typedef struct { char c; } *tiny_ptr, tiny_arr[3];
union number { int i; float f; double d; unsigned char bytes[8]; };
typedef union { long l; void *p; } word_t;
struct opaque_handle;
typedef struct opaque_handle *handle_t;
struct shape {
    int kind;
    union {
        struct { double w, h; };
        double radius;
    };
    struct { int r, g, b; } color, palette[4], *current;
    point_t corners[2][2];
    struct point origin;
    node *list;
    handle_t owner;
};
struct message {
    unsigned int length;
    short tag;
    char payload[];
};
struct empty_ish { char none[0]; };
struct outer { struct inner { long a; char b; } in; struct inner *p; };
void shape_move(struct shape *s, point_t by);
struct point point_add(struct point a, struct point b);
union number number_of(int i);
