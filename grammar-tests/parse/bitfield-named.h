/* Named bit-fields of several widths and signednesses. */
struct flags {
    unsigned a : 1;
    unsigned b : 3;
    int c : 5;
    signed d : 4;
    unsigned long long big : 40;
    long long sbig : 63;
};
