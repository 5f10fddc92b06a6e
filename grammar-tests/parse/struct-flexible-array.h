/* A flexible array member. */
struct buffer {
    unsigned len;
    char data[];
};
