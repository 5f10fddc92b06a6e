/* __attribute__((packed)) after the body. */
struct packed_after { char c; int i; short s; } __attribute__((packed));
