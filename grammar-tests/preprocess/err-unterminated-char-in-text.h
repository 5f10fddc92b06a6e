// exit: 1
// gcc: skip gcc -E only warns "missing terminating ' character"; headerkit rejects it (its input must be lexable C)
// A lone apostrophe in live text is an unterminated character constant.
int x; // don't
it's
