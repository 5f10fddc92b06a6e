


a
