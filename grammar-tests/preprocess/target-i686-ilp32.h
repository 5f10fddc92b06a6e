// args: -P --target i686-unknown-linux-gnu
// gcc: skip target-specific: 32-bit x86 (host gcc is x86_64)
__i386__ __SIZEOF_POINTER__ __SIZEOF_LONG__ __ILP32__
#ifdef __x86_64__
BAD
#endif
