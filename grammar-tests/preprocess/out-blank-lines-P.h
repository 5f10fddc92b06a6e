// With -P blank lines collapse.
a


b












c
