/* Functions declared through function typedefs. */
typedef int binop_fn(int, int);
binop_fn add, subtract;
typedef void callback_fn(void *ctx);
callback_fn *get_callback(void);
extern binop_fn *table[2];
typedef binop_fn *binop_ptr;
