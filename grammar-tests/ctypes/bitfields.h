/* Bit-fields: runs ctypes lays out like the compiler (written plainly) and the others
 * (written in storage units of their own with explicit padding). */
#include <stdbool.h>
enum small { S_A, S_B, S_C };
struct plain_bits {             /* plainly: one run of one type */
    unsigned int a : 1;
    unsigned int b : 3;
    int c : 28;
    unsigned int after;
};
struct vk_like {                /* plainly: vulkan's 24 + 8 */
    unsigned int index : 24;
    unsigned int mask : 8;
    unsigned int offset : 24;
    unsigned int flags : 8;
    unsigned long long ref;
};
struct unnamed_bits {           /* unnamed and zero-width bit-fields */
    unsigned int a : 1;
    unsigned int : 3;
    unsigned int b : 2;
    unsigned int : 0;
    int c : 5;
    unsigned int : 2;
    unsigned char d;
};
struct mixed_bits {             /* types of different sizes share storage */
    char c;
    unsigned int a : 4;
    unsigned int b : 12;
    unsigned short s : 3;
    unsigned char u : 5;
    long long big : 40;
    long long big2 : 24;
    bool flag : 1;
    enum small e : 2;
    signed char sc : 3;
};
struct tail_bits {              /* the compiler puts a member right after the bits */
    unsigned int a : 4;
    char c;
};
union bit_union {
    unsigned int a : 3;
    int b : 5;
    unsigned char c;
    unsigned long long d : 33;
};
struct __attribute__((packed)) packed_bits {
    char c;
    unsigned int a : 7;
    unsigned long long wide : 60;
    unsigned short s;
};
#pragma pack(push, 2)
struct pragma_bits {
    char c;
    unsigned int a : 20;
    unsigned int b : 20;
    int i;
};
#pragma pack(pop)
struct nested_bits {
    int kind;
    struct {
        unsigned int x : 5;
        unsigned int y : 7;
    };
    union {
        unsigned char raw;
        struct { unsigned char lo : 4, hi : 4; };
    };
};
