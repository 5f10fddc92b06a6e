
0 1


v2 v3

4 4

counter_in_if

6
