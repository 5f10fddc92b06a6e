/* A member of anonymous enum type; its enumerators are file-scope constants. */
struct state {
    enum { IDLE, BUSY = 4, DONE } phase;
    int code;
};
