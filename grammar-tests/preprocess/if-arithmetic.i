

ok_precedence




ok_parens




ok_div




ok_div_neg




ok_unary




ok_bitops




ok_logical




ok_relational




ok_ternary




ok_radix




ok_suffixes




ok_int64
