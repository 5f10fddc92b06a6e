// The ternary result has the common type of both arms.
#if (1 ? -1 : 0u) > 0
ok_unsigned_arm
#else
BAD_unsigned_arm
#endif
#if (0 ? 1u : -1) > 0
ok_unsigned_other_arm
#else
BAD_unsigned_other_arm
#endif
#if (1 ? -1 : 0) < 0
ok_signed_arms
#else
BAD_signed_arms
#endif
