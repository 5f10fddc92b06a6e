int inner_from_sub;
