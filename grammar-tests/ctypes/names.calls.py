# The names the module gives (every function is a stub returning 0 here).
assert getattr(m, "yield")(1) == 0
assert m.stat(b"/", None) == 0
assert m.struct_stat is m._c_types_["struct stat"]
assert m.class_ is m._c_types_["struct class"]
assert m.lambda_ is ctypes.c_int
assert m.T is m._c_types_["struct T"]
assert m.U is ctypes.POINTER(m.struct_U)
assert (m.E_A, m.E_B, m.F_A, m.color_red) == (0, 1, 0, 0)
assert m.uses.ec.size == ctypes.sizeof(ctypes.c_uint)
for skipped in ("_hk_internal", "pass", "import"):
    assert skipped not in m._hk_functions and skipped not in vars(m), skipped
assert callable(m.ctypes.CDLL)  # still the ctypes package
