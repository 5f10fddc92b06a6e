/* A named struct defined inside another: its tag is visible at file scope. */
struct outer {
    struct inner { int a; } in;
    struct inner2 { char c; } *p;
    int b;
};
extern struct inner loose;
