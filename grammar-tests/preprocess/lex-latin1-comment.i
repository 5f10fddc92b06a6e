
           int x;
