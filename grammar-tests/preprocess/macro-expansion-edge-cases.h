// Assorted expansion corners (parens from macros, blue paint, nested ##, __VA_OPT__ with #).
#define EMPTY
#define LPAREN (
#define RPAREN )
#define F(x, y) x + y
#define ELLIP_FUNC(...) __VA_ARGS__
ELLIP_FUNC(F, LPAREN, 'a', 'b', RPAREN);
#define AA BB
#define BB AA
AA BB
#define obj(x) x
#define f2 obj(
f2 1)
#define SW(a) #a
SW(  "\n"  '\0' )
#define cat(a,b) a##b
cat(1,cat(2,3))
#define xcat(a,b) cat(a,b)
xcat(xcat(1,2),3)
#define q(x) x
q(q)(q)(1)
#define nil(x) x
nil()nil()x
#define APPLY(m, ...) m(__VA_ARGS__)
APPLY(F, 1, 2) APPLY(ELLIP_FUNC) APPLY(SW, a b)
#define str2(x) #x
#define xstr2(x) str2(x)
xstr2(__LINE__) xstr2(__FILE__) str2(__FILE__)
#define EXP(x) x
EXP(#) EXP(##) EXP(# define)
#define VA2(a, ...) __VA_OPT__(<a>) #__VA_ARGS__
VA2(1) VA2(1,) VA2(1, 2 , 3)
