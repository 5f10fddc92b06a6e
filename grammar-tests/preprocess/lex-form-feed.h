// Form feed and vertical tab are whitespace in text.
intx;
inty;
