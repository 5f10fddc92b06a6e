// Digraphs work as punctuators (also as # and ##) and keep their spelling.
%:define CAT(a, b) a %:%: b
%:define STR(x) %:x
%:  define DIG <: :> <% %> %:
CAT(x, y) STR(<:) STR(%:%:)
int a<:2:> = <%1, 2%>;
DIG x %:%: %: y
%:if 1
in_digraph_if
%:endif
