#define CAT(a, b) a ## b
CAT(<, <=) CAT(>>, =) CAT(-, >) CAT(&, &) CAT(|, =) CAT(+, +) CAT(<, :) CAT(%:, %:) CAT(%, >)
