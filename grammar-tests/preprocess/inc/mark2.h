int in_mark2;
