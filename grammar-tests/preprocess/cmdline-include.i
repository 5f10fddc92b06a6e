
int forced_first;


int main_file = 1;
