// An empty argument next to ## is a placemarker.
#define CAT(a, b) a ## b
#define CAT3(a, b, c) a ## b ## c
[CAT(, x)] [CAT(x, )] [CAT(, )] [CAT3(, , )] [CAT3(a, , b)] [CAT3(, +, =)]
