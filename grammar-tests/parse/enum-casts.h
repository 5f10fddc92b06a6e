/* Enumerators with casts. */
enum casts {
    C_TRUNC = (int)2.9,
    C_UCHAR = (unsigned char)300,
    C_SHORT = (short)-1,
    C_USHORT = (unsigned short)-1,
    C_BOOL = (_Bool)5,
    C_SCHAR = (signed char)200,
};
