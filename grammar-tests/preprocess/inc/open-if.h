#if 1
int in_open_if;
