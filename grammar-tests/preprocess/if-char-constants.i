

ok_a




ok_escapes




ok_high_octal




ok_wide
