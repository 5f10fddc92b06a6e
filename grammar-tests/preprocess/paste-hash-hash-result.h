// A ## built by pasting # and # is an ordinary token in the output.
#define CAT(a, b) a ## b
CAT(#, #) CAT(%:, %:)
