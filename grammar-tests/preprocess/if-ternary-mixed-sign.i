

ok_unsigned_arm




ok_unsigned_other_arm




ok_signed_arms
