/* Flag enumerations built with shifts and bitwise operators. */
enum flags {
    F_READ = 1 << 0,
    F_WRITE = 1 << 1,
    F_EXEC = 1 << 2,
    F_RW = F_READ | F_WRITE,
    F_ALL = F_RW | F_EXEC,
    F_NOT_EXEC = F_ALL & ~F_EXEC,
    F_TOGGLE = F_ALL ^ F_WRITE,
    F_HIGH = 0x40000000 >> 1,
};
