/* Bit-fields of typedef'd, _Bool and enum types. */
#include <stdint.h>
enum color { RED, GREEN, BLUE };
struct pixel {
    uint8_t x : 3;
    uint16_t y : 9;
    int8_t delta : 4;
    _Bool on : 1;
    enum color c : 2;
};
