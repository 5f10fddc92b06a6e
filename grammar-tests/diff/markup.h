// args: --baseline old/markup.h
// expect: constant_changed struct_field_type_changed function_parameter_type_changed
/* Text that Markdown would read as markup: every character of it must reach the reader. */
#define FMT "a|b *c* _d_ `e` <tag> [l](u) &amp; # ~~s~~ \\ !"
#define PATH "C:\\new dir``"
struct _priv_ { char *_x_; };
int __hidden(long a);
