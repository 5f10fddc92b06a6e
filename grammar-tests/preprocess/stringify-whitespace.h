// # normalises whitespace: none at the ends, one space between tokens that had any.
#define S(x) #x
S(  a   +   b  )
S(a/**/b)
S(a/**/+/**/b)
S(a
  b)
S()
S(   )
S(a+b)
S(f( 1 ,2 ))
S( "a  b"   'c  ' )
