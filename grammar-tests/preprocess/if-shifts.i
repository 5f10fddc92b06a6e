
ok_shl




ok_shr_neg




ok_shr_unsigned




ok_shl_unsigned
