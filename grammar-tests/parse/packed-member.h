/* packed on a single member. */
struct member_packed {
    char c;
    int i __attribute__((packed));
    int j;
};
