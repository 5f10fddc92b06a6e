






d_true


is_true
