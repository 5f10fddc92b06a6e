

1 1 1

2

ifdef_same_name
