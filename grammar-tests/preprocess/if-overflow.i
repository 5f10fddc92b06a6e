

ok_wraps
