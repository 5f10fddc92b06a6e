#define MAX(a, b) ((a) > (b) ? (a) : (b))
MAX(1, 2)
MAX( x + 1 , y*2 )
#define ZERO() 0
ZERO() ZERO( )
