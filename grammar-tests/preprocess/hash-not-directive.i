

a # define X 1
 # define Y 2
X Y
