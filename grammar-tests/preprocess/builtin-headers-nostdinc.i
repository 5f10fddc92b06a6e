


no_stddef
