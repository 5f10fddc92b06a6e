int WRONG_inner_from_inc;
