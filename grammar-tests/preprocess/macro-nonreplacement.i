




foo a b x y


2*9*g
