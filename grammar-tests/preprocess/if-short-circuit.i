

ok_and




ok_or




ok_ternary
