

intmin_div_wraps


intmin_ok


sc


t


uplus


mixed_ternary_unsigned


mod


deep



elif_defined


hex_big_unsigned


shl63_neg


mc


xff


widechars
