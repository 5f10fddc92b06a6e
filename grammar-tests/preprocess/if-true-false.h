// In C17 `true` and `false` are plain identifiers in #if (so both are 0).
#if !true
ok_true_is_zero
#else
BAD_true_is_zero
#endif
#if !false
ok_false_is_zero
#else
BAD_false_is_zero
#endif
