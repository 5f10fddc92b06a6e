/* Named members of anonymous struct and union types. */
struct config {
    struct { int w, h; } size;
    union { int i; char c; } u, *pu;
    struct { unsigned lo : 4, hi : 4; } nibbles[2];
};
