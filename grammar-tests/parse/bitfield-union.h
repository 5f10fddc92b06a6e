/* Bit-fields in a union. */
union word {
    unsigned lo : 4;
    unsigned all : 8;
    int whole;
    struct { unsigned x : 2, y : 2; } pair;
};
