/* vector_size and mode attributes change the type. */
typedef int v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));
typedef int di_t __attribute__((mode(DI)));
typedef unsigned int uqi_t __attribute__((mode(QI)));
typedef int hi_t __attribute__((__mode__(__HI__)));
v4sf scale(v4sf v, float f);
