/* Enumerators beyond int (a GNU extension): the enum's type widens. */
enum big { BIG = 0x100000000, BIG_NEXT };
enum ubig { UBIG = 0xFFFFFFFFFFFFFFFF };
enum negbig { NEGBIG = -0x100000000LL, SMALL = 1 };
enum uint_only { TOP = 0x80000000 };
