// args: --writer-opt prompt:verbosity=standard
/* The standard verbosity: sizes, alignments and offsets (checked by gcc in the test),
 * packed records and members, #pragma pack, aligned records and members, bit-fields across
 * storage units, anonymous members, enums of every size. */
struct lay_basic {
    char c;
    double d;
    short s;
};
struct lay_bits {
    unsigned a : 3;
    unsigned b : 30;
    unsigned long long c : 40;
    unsigned char d : 4;
    int : 0;
    char e;
};
struct __attribute__((packed)) lay_packed {
    char c;
    int i;
    unsigned short s : 9;
    long long l;
};
#pragma pack(push, 2)
struct lay_pack2 {
    char c;
    long long l;
    int i;
};
#pragma pack(pop)
struct lay_aligned {
    char c;
    int i __attribute__((aligned(16)));
    char p __attribute__((packed));
} __attribute__((aligned(32)));
struct lay_anon {
    char tag;
    union {
        int i;
        double d;
        struct {
            char x;
            short y;
        };
    };
    struct {
        char a;
        long b;
    } named;
};
enum lay_small { LS_A = 1 };
enum lay_big { LB_A = 1, LB_B = 0x100000000LL };
enum __attribute__((packed)) lay_packed_enum { LP_A = 1, LP_B = 200 };
typedef struct {
    enum lay_packed_enum e;
    struct lay_basic inner[2];
} lay_typedefd;
