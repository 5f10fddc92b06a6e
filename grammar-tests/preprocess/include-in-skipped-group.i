



int ok;
