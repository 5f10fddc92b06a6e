/* __attribute__((packed)) between the keyword and the tag. */
struct __attribute__((packed)) packed_before { char c; int i; };
union __attribute__((__packed__)) packed_union { char c; int i; };
