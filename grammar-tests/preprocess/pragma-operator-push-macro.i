


X



1
