/* Anonymous enums declare constants only. */
enum { K1 = 10, K2 };
enum { K3 = K2 * 2 };
