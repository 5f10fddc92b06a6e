// A lone # is a null directive.
#
# /* comment */
    #   
int x;
