/* Enumerators with character constants. */
enum chars {
    CH_A = 'A',
    CH_NL = '\n',
    CH_HEX = '\x7f',
    CH_OCT = '\101',
    CH_HIGH = '\xff',
    CH_QUOTE = '\'',
    CH_WIDE = L'x',
};
