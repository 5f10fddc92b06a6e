// args: -P --target x86_64-unknown-linux-gnu
// gcc: skip target macros: the differential always passes -undef (values checked by hand against `gcc -dM -E`)
__x86_64__ __linux__ __LP64__ __CHAR_BIT__ __SIZEOF_POINTER__ __SIZEOF_LONG__ __SIZEOF_INT__ __SIZEOF_LONG_DOUBLE__
__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#if '\377' < 0 && !defined(__CHAR_UNSIGNED__)
char_is_signed
#endif
