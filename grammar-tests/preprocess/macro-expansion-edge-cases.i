





F, (, 'a', 'b', );


AA BB


1

"\"\\n\" '\\0'"

1cat(2,3)

123

q(q)(1)

x

1 + 2 "a b"


"28" "\"macro-expansion-edge-cases.h\"" "__FILE__"

# ## # define

"" "" <1> "2 , 3"
