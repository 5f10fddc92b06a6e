/* Implicit enumerator values. */
enum color { RED, GREEN, BLUE };
enum start { FIVE = 5, SIX, SEVEN, TEN = 10, ELEVEN };
