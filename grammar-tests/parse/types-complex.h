/* _Complex types. */
extern long double _Complex ldc;
extern double _Complex dc;
extern float _Complex fc;
extern _Complex double dc2;
_Complex float cfun(_Complex double z);
