// Backslash-newline splices lines anywhere, even inside identifiers and directive names.
int long_\
name = 1;
#def\
ine SPL\
ICED 4\
2
SPLICED
"str\
ing"
1\
2\
3
