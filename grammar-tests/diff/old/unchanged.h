/* Baseline of unchanged.h, saved as old/unchanged.json with dependencies. */
#include <stddef.h>
#define LIMIT 16
typedef struct node { struct node *next; size_t size; } node_t;
enum { A, B };
union u { int i; float f; };
int walk(node_t *n, int (*visit)(const node_t *n, void *ctx), void *ctx);
extern const char *const names[LIMIT];
