

dyn_defined


date_defined
