/* packed on typedef'd structs, anonymous and tagged. */
typedef struct { char c; long l; } __attribute__((packed)) packed_t;
typedef struct packed_tag { char c; short s; } __attribute__((packed)) packed_tag_t;
typedef struct __attribute__((packed)) { char c; int i; } packed_front_t;
/* After the typedef name, gcc ignores packed (with a warning): the struct is not packed. */
typedef struct { char c; int i; } ignored_packed_t __attribute__((packed));
