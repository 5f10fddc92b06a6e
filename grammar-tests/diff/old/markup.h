/* Baseline of markup.h. */
#define FMT "plain"
#define PATH "C:\\dir"
struct _priv_ { int *_x_; };
int __hidden(int a);
