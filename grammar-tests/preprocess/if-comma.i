

ok_comma
