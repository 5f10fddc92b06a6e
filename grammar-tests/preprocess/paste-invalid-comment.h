// exit: 1
// Pasting / and / cannot form a comment.
#define CAT(a, b) a ## b
CAT(/, /) x
