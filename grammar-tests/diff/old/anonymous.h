/* Baseline of anonymous.h. */
enum { FLAG_A = 1, FLAG_B = 2, FLAG_C = 4, FLAG_OLD = 64 };
struct event {
    int type;
    union { int key; float x; };
    struct { int w, h; } size;
    enum { MODE_OFF, MODE_ON } mode;
};
typedef struct { int fd; } conn_t;
typedef struct { int refs; } *handle_t;
struct { int count; } counter;
