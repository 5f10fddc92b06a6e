




char p[] = "x ## y";
