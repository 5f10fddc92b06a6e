/* Bit widths given by constant expressions. */
#define WIDTH 3
enum { SMALL = 2 };
struct widths {
    unsigned a : WIDTH * 2;
    unsigned b : sizeof(int);
    unsigned c : SMALL + 1;
    unsigned d : (1 << 2) - 1;
};
