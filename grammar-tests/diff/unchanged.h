// args: --baseline old/unchanged.json
// expect:
/* The same API, reformatted and moved down: no change. The baseline is a saved JSON IR. */
#include <stddef.h>


#define LIMIT   16

typedef struct node {
    struct node *next;
    size_t size;
} node_t;

enum {
    A,
    B
};

union u { int i; float f; };

int walk(node_t *n, int (*visit)(const node_t *, void *), void *ctx);

extern const char *const names[LIMIT];
