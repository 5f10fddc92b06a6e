/* Typedef'd enums, anonymous and tagged. */
typedef enum { OFF, ON } switch_t;
typedef enum mode { MODE_A = 1, MODE_B } mode_t;
typedef enum mode mode_alias;
