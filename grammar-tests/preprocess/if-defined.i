


ok_bare




ok_parens




ok_spaced




ok_not




ok_zero_value




ok_combined
