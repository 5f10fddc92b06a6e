/* Records: bit-fields (named, unnamed, zero-width), anonymous struct and union members,
 * named members of anonymous type, inline anonymous enums, arrays and function pointers as
 * members, flexible arrays, self reference, typedef'd records with and without tags,
 * opaque records. */
typedef struct node node_t;
struct node {
    node_t *next;
    struct node *prev;
    int value;
};
struct flags {
    unsigned int a : 1;
    unsigned int b : 3;
    unsigned int : 0;
    int c : 5;
    unsigned int : 2;
    unsigned char d;
    _Bool e : 1;
};
struct outer {
    int kind;
    union {
        int iv;
        float fv;
        struct {
            short lo, hi;
        };
    };
    struct {
        int ax;
        int ay;
    } named_inner, *inner_ptr;
    enum { MODE_A, MODE_B = 7 } mode;
    char name[16];
    int matrix[2][3];
    int (*parr)[3];
    void (*cb)(int code, void *user);
    int (*table[4])(const char *);
    void (*(*nested)(int))(double);
    const char *const label;
};
typedef struct Same {
    int v;
} Same;
typedef struct {
    double x, y;
} anon_point;
typedef union {
    long l;
    void *p;
} anon_union_t;
struct forward_only;
struct flex {
    int n;
    double data[];
};
union value {
    int i;
    double d;
    char bytes[8];
};
struct empty_opaque_user {
    struct forward_only *fo;
    union value v;
};
