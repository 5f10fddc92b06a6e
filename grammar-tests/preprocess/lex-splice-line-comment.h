// A // comment continues onto the next line when it ends in a backslash \
int hidden_by_comment;
int visible;
/\
/ comment built from a split //, continued too \
int also_hidden;
/\
* block comment built from a split slash-star *\
/ int after_block;
