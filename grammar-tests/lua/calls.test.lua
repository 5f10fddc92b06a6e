-- Run by hk_lua_check.py with the module table and ffi after the layout checks.
local M, ffi = ...
assert(M.lib_name ~= "calls" or true)
local v = M.calls_vec_add(ffi.new("calls_vec", 1, 2), ffi.new("calls_vec", 10, 20))
assert(v.x == 11 and v.y == 22, "struct by value")
assert(M.calls_apply(M.CALLS_MUL, 6, 7) == 42, "enum constant through the module")
assert(M.lib.calls_apply("CALLS_ADD", 2, 3) == 5, "enum by name")
local values = ffi.new("int[3]", 1, 2, 3)
local cb = ffi.cast("calls_cb", function(x) return x * 10 end)
assert(M.calls_each(values, 3, cb, nil) == 60, "callback")
cb:free()
local buf = ffi.new("char[64]")
M.calls_format(buf, 64, "%d-%s-%.1f", ffi.new("int", 7), "x", 2.5)
assert(ffi.string(buf) == "7-x-2.5", "variadic: " .. ffi.string(buf))
assert(M.calls_big() == M.CALLS_BIG, "64-bit constant")
assert(M.CALLS_BIG == 0x123456789ULL)
assert(M.CALLS_VERSION == "1.2")
assert(M.CALLS_LIMIT == 64)
assert(M.calls_counter == 41, "variable")
M.lib.calls_counter = 42
assert(M.lib.calls_counter == 42)
local f = ffi.new("calls_flags")
f.a = 5; f.b = 17
assert(M.calls_flags_sum(f) == 22, "bit-fields")
