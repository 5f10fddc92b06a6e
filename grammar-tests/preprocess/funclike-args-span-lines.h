// Arguments may span lines; the lines after the call keep their numbers.
#define f(a, b) a + b
f(1,
  2
 )
__LINE__
f(__LINE__,
__LINE__)
__LINE__
