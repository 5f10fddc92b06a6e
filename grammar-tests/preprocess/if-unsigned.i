

ok_neg_gt_unsigned




ok_neg_lt_signed




ok_wrap




ok_hex_is_unsigned




ok_hex_positive




ok_unsigned_div




ok_signed_div




ok_unsigned_shift




ok_not_unsigned




ok_logical_result_signed
