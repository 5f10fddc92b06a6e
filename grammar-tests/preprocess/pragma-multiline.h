// A pragma continued by a splice or a multi-line comment stays one line; operands are
// not macro-expanded (and never after STDC).
#define ON OFF
#define N 4
#pragma STDC FP_CONTRACT ON
#pragma omp parallel \
  for num_threads(N)
#pragma foo /* multi
line */ bar
int x;
