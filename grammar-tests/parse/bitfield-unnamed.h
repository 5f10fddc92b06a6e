/* Unnamed bit-fields (padding). */
struct padded {
    unsigned a : 3;
    unsigned : 5;
    unsigned b : 2;
    int : 4;
    unsigned c : 1;
};
