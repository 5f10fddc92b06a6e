
int a;
#pragma once_more
 int b;
#pragma x
#pragma y
 int c;
