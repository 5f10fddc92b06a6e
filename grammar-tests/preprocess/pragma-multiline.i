



#pragma STDC FP_CONTRACT ON
#pragma omp parallel for num_threads(N)

#pragma foo bar

int x;
