int after_empty;
