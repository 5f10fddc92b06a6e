/* C identifiers that are Python or Cython keywords keep their C name as a Cython name
 * string (`int print_ "print"`); a tag whose name is also an ordinary identifier gets a
 * `struct_` name (Cython has one namespace where C has two). */
struct lambda {
    int def;
    char *class;
    int from[2];
    struct lambda *yield;
};
typedef struct object object;
struct object {
    int None;
    int gil;
};
typedef int cdef;
typedef enum { in, is, not = 4 } pass;
struct item {
    int id;
};
int item(struct item *it);
struct stat_like {
    int size;
};
typedef struct stat_like stat_like_t;
int stat_like(const char *path, struct stat_like *st);
int print(const char *import, int lambda, cdef with);
extern int global;
extern object *async;
extern struct lambda del[3];
int (*await)(pass nonlocal);
#define True 1
#define include 2.5
