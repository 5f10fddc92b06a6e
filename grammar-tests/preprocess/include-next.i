n1_before
n2_only
n3_last
n1_after
