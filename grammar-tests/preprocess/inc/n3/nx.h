n3_last
