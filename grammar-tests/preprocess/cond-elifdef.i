




b_defined






c_not_defined


first
