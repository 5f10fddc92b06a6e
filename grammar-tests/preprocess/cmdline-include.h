// args: -P -undef -include inc/forced.h
// -include processes a file before the first line.
int main_file = FORCED;
