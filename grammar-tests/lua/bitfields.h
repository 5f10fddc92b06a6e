/* Bit-fields: named, unnamed, zero-width, bool and enum ones, 64-bit types, packed. */
enum color { RED, GREEN, BLUE };
struct flags {
    unsigned int ready : 1;
    unsigned int mode : 3;
    unsigned int : 4;
    int level : 5;
    _Bool on : 1;
    enum color hue : 2;
    unsigned char small : 2;
    unsigned int : 0;
    unsigned short wide : 9;
};
/* An unnamed bit-field does not raise the alignment in C; in LuaJIT it would. */
struct sparse { char a; int : 4; char b; };
/* LuaJIT's bit-fields are at most 32 bits wide. */
struct wide_bits {
    unsigned long long low : 12;
    unsigned long long mid : 40;
    unsigned long long high : 12;
    unsigned int tail : 3;
};
struct straddle {
    char a;
    unsigned int b : 30;
    unsigned int c : 2;
} __attribute__((packed));
union bits_u { unsigned int whole; unsigned int nibble : 4; _Bool flag : 1; };
