// args: -P --no-such-option
// exit: 2
int x;
