



X

1
