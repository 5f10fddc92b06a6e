/* Names: C names that are Python keywords or that the module itself uses, tags that clash
 * with ordinary identifiers, and typedefs named like their tag. */
struct stat { long size; };
int stat(const char *path, struct stat *buf);
struct class { int def; int from; int lambda; };
typedef int lambda;
typedef struct T T;
struct T { lambda value; struct class c; };
typedef struct U *U;
struct U { int u; };
typedef enum E E;
enum E { E_A, E_B };
typedef enum F { F_A } F_t;
enum color { color_red };
struct rgb { int rgb; };
int rgb(int);
int ctypes(int);
int yield(int);
int _lib(void);
int __getattr__(void);
int _hk_internal(void);
#define pass 3
#define import 4
#define _c_types_ 5
struct uses { T t; U u; E e; F_t f; struct stat s; struct rgb col; enum color ec; };
