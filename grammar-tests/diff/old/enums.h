/* Baseline of enums.h. */
enum color { RED, GREEN, BLUE };
enum level { LOW = 1, HIGH = 2 };
enum small { S_ONE = 1 };
enum gone { G_ONE };
typedef enum { K_A, K_B } kind_t;
