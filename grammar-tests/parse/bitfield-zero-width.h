/* Zero-width bit-fields start a new allocation unit. */
struct zero {
    char a : 4;
    int : 0;
    char b : 4;
    unsigned long : 0;
    unsigned c : 2;
};
