/* An anonymous union member (C11). */
struct value {
    int kind;
    union {
        int i;
        float f;
        const char *s;
    };
};
