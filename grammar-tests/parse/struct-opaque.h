/* Opaque structs: declared, never defined. */
struct opaque_t;
typedef struct opaque_t opaque_t;
opaque_t *create(void);
void destroy(struct opaque_t *o);
union opaque_u;
