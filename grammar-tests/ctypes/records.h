/* Records: forward and self references, anonymous members (nested), named members of
 * anonymous type, arrays and function pointers in members, flexible arrays, typedef'd
 * records with and without tags, records only declared. */
typedef struct node node_t;
struct node {
    node_t *next;
    struct node *prev;
    int value;
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
    } named_inner;
    enum { MODE_A, MODE_B = 7 } mode;
    char name[16];
    int matrix[2][3];
    int (*parr)[3];
    void (*cb)(int, void *);
    int (*table[4])(const char *);
    void (*(*nested)(int))(double);
    const char *const label;
    struct later *fwd;
    struct later_value *fwd2;
};
struct later { int x; struct outer *back; };
struct later_value { double d; };
struct uses_later { struct later_value v[2]; struct later l; };
typedef struct Same {
    int v;
} Same;
typedef struct {
    double x, y;
} anon_point;
typedef struct tagged {
    int t;
} tagged_t;
typedef struct {
    int a;
} *anon_handle;
typedef struct B B;
struct B {
    B *self;
    struct Same s;
    anon_point pts[3];
};
struct forward_only;
struct forward_only *fo_open(void);
struct flex {
    int n;
    double data[];
};
union value {
    int i;
    double d;
    char bytes[8];
    struct { char tag; long payload; } boxed;
};
typedef union {
    long l;
    void *p;
} anon_union_t;
/* arrays of records behind typedefs, by value and through pointers */
struct elem { short s; };
typedef struct elem elem_pair[2];
struct selfarr;
struct selfarr {
    elem_pair *pair;
    elem_pair inline_pair;
    struct selfarr *self;
    int x;
};
void use_records(struct outer *o, Same s, anon_point p, tagged_t *t, anon_union_t u, union value v);
