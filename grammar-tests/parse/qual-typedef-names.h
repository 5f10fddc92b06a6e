/* Qualified typedef names keep their qualifiers. */
typedef int handle;
extern const handle h;
typedef const char *cstr;
void put(const cstr s, volatile handle *hp);
typedef volatile struct reg { int v; } reg_t;
extern reg_t regs[4];
