/* An anonymous struct inside an anonymous union. */
struct point {
    union {
        struct { int x, y; };
        int xy[2];
    };
    int z;
};
