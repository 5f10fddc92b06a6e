/* Negative enumerators and the values after them. */
enum neg { NEG = -1, ZERO, ONE, LOW = -100, AFTER_LOW, MIN = -2147483647 - 1 };
