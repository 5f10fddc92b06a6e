

ok_packed




ok_aligned_spelling




ok_unknown_attr




ok_builtin




ok_unknown_builtin




ok_defined
