// A Latin-1 (not UTF-8) byte inside a comment is just comment text.
/* café */ int x; // naïve
