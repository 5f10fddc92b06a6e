// Comments inside directives, including a multi-line block comment.
#define X /* c */ 1 /* multi
 line */ + 2
# /* before the name */ define Y 3 // trailing
#if /* */ X == 3 // hi
x_is_3
#endif /* closing
comment */
X Y
#include /* c */ "inc/a.h" // c
