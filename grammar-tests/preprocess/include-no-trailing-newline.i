int no_newline_at_end
;
5
