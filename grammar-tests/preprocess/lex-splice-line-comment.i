

int visible;





  int after_block;
