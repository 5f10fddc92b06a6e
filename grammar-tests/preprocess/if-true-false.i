

ok_true_is_zero




ok_false_is_zero
