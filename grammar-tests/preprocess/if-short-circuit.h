// Division by zero in an unevaluated operand is fine.
#if !(0 && (1 / 0))
ok_and
#else
BAD_and
#endif
#if 1 || (1 / 0)
ok_or
#else
BAD_or
#endif
#if (0 ? 1 / 0 : 2) == 2
ok_ternary
#else
BAD_ternary
#endif
