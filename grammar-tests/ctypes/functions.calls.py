# Real calls into functions.c through the generated module (m).
assert m.add(2, 3) == 5
assert m.noargs() is None
assert m.knr() == 7
assert m.sum_ints(3, 1, 2, 3) == 6
assert m.sum_ints(0) == 0
assert m.sum_doubles(2, ctypes.c_double(1.25), ctypes.c_double(2.5)) == 3.75
assert m.apply(m.binop_fn(lambda x, y: x * y), 6, 7) == 42
seen = []
h = m.handler_fn(seen.append)
m.set_handler(h)
m.fire(9)
assert seen == [9]
p = m.make_pair(3, 4)
assert (p.a, p.b) == (3, 4) and m.pair_sum(p) == 7
m.swap_pair(ctypes.byref(p))
assert (p.a, p.b) == (4, 3)
assert m.greeting() == b"hello"
s = m.shout(b"abc")
assert ctypes.string_at(s) == b"ABC"
m.release(s)
assert m.count_chars(b"banana", b"a") == 3
arr = (ctypes.c_int * 4)(1, 2, 3, 4)
assert m.sum_arr(arr, 4) == 10
mat = ((ctypes.c_int * 4) * 2)((1, 2, 3, 4), (5, 6, 7, 8))
assert m.sum_matrix(mat, 2) == 36
assert m.renamed() == 42
assert m.case_version() == 0x010203
assert m.flag_fn(False) is True
assert m.ld_half(3.0) == 1.5
assert m.counter.value == 5
m.counter.value = 6
assert m.counter.value == 6
assert m.lib_label.value == b"label"
assert list(m.table) == [1, 2, 3, 4]
assert m.grid[1][0] == 3.5
assert m.current_op(20, 22) == 42
assert (m.origin.a, m.origin.b) == (-1, 1)
for name in ("not_in_library", "missing_global"):
    try:
        getattr(m, name)
    except AttributeError as e:
        assert "does not export" in str(e), e
    else:
        raise AssertionError(name + " should not be bound")
assert "twice" not in m._hk_functions and "per_thread" not in m._hk_variables
assert "add" in dir(m)
