import os
assert m._hk_library == "options_impl"
assert m._hk_library_env == "OPTIONS_IMPL_PATH"
assert isinstance(m.lib, ctypes.CDLL)
assert m.lib._name == os.environ["OPTIONS_IMPL_PATH"]
assert m.opt_answer() == 42
try:
    m._lib
except AttributeError:
    pass
else:
    raise AssertionError("_lib should not exist when lib_name is set")
