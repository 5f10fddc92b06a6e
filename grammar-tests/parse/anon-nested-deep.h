/* Anonymous members nested three deep, with bit-fields. */
struct deep {
    int tag;
    struct {
        union {
            struct { unsigned a : 1, b : 7; };
            unsigned char byte;
        };
        short after;
    };
};
