/* Records: bit-fields, anonymous members (flattened), named members of anonymous struct,
 * union and enum type (named through __typeof__), arrays and function pointers in members,
 * flexible arrays, forward typedefs, typedef'd records with and without tags, opaque records,
 * self references. */
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
    _Bool on : 1;
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
        struct {
            char deep;
        } inner;
    } named_inner;
    union {
        long l;
        double d;
    } pair[2];
    struct {
        int z;
    } *pz;
    enum { MODE_A, MODE_B = 7 } mode;
    char name[16];
    int matrix[2][3];
    int (*parr)[3];
    void (*cb)(int, void *);
    int (*table[4])(const char *);
    void (*(*nested)(int))(double);
    const char *const label;
    volatile int counter;
    struct outer *self;
};
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
} *anon_handle, anon_array[3];
typedef struct B B;
struct B {
    B *self;
    struct Same s;
};
struct forward_only;
typedef struct forward_only forward_only_t;
struct forward_only *fo_open(void);
struct flex {
    int n;
    double data[];
};
union value {
    int i;
    double d;
    char bytes[8];
};
typedef union {
    long l;
    void *p;
} anon_union_t;
struct empty {};
void use_records(struct outer *o, Same s, anon_point p, tagged_t *t, anon_union_t u,
                 union value v, anon_handle h, forward_only_t *f, struct empty *e);
