// expect: constant_added struct_added enum_added typedef_added variable_added
// expect: function_added macro_function_added enum_value_added union_added
/* Without a baseline everything is an addition. */
#define VERSION 3
#define TWICE(x) ((x) * 2)
struct point { int x, y; };
union number { int i; double d; };
enum shape { SQUARE, CIRCLE };
enum { UNNAMED_ONE = 1 };
typedef struct point point_t;
extern int count;
int area(const point_t *p);
