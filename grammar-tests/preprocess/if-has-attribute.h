// __has_attribute / __has_builtin: only truthiness is checked.
#if __has_attribute(packed)
ok_packed
#else
BAD_packed
#endif
#if __has_attribute(__aligned__)
ok_aligned_spelling
#else
BAD_aligned_spelling
#endif
#if !__has_attribute(no_such_attribute_xyz)
ok_unknown_attr
#else
BAD_unknown_attr
#endif
#if __has_builtin(__builtin_expect)
ok_builtin
#else
BAD_builtin
#endif
#if !__has_builtin(no_such_builtin_xyz)
ok_unknown_builtin
#else
BAD_unknown_builtin
#endif
#if defined(__has_attribute) && defined __has_builtin
ok_defined
#else
BAD_defined
#endif
