

ok_large_decimal
