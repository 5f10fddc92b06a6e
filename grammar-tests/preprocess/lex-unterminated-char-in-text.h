// A lone apostrophe in live text: gcc warns and passes it through.
int x; // don't
it's
