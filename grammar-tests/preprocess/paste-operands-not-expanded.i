




AB 12 1x
