/* Packed enums take the smallest integer type that holds their values. */
enum __attribute__((packed)) small { S1, S2 = 200 };
enum signed_small { X1 = -1, X2 = 100 } __attribute__((packed));
enum __attribute__((packed)) medium { M1 = 1000 };
