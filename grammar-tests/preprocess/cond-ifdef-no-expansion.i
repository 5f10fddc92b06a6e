


name2_defined
