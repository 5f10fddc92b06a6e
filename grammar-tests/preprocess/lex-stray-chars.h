// Characters that are no C token pass through as single pp-tokens; '$' is an identifier char.
#define $x dollar
a @ b \ c ` d
$x x$y $
#define S(x) #x
S(@) S(`)
