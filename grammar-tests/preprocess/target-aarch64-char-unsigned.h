// args: -P --target aarch64-unknown-linux-gnu
// gcc: skip target-specific: aarch64 has unsigned plain char (host gcc is x86_64)
__aarch64__ __LP64__ __SIZEOF_POINTER__
#if '\377' > 0 && defined(__CHAR_UNSIGNED__)
char_is_unsigned
#endif
