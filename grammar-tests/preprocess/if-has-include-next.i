
n1_sees_next


n1_no_next_a
