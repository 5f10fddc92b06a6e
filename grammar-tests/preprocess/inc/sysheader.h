int before_pragma;
#pragma GCC system_header
int after_pragma;
