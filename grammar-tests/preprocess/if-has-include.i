

ok_is_defined




ok_quote




ok_angle




ok_missing





ok_macro_operand




ifdef_has_include
