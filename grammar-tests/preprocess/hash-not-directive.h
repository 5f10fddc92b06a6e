// A # that does not start a line, or that comes from a macro, is not a directive.
#define EMPTY
a # define X 1
EMPTY # define Y 2
X Y
