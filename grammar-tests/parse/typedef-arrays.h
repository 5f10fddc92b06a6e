/* Typedefs of arrays. */
typedef char name_t[32];
typedef int matrix_t[3][3];
typedef double vec_t[];
extern name_t names[4];
void transform(matrix_t m, vec_t v);
