



xy "<:" "%:%:"
int a<:2:> = <%1, 2%>;
<: :> <% %> %: x %:%: %: y

in_digraph_if
