// args: -undef
// A few blank lines are kept as newlines; a long run becomes a line marker.
a


b












c
#define X
#define Y


d
