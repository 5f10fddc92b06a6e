int opt_answer(void) { return 42; }
