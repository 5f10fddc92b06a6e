-- LuaJIT FFI bindings for types.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local types = require("types_ffi")
--   types.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   types.some_function(...)       -- the same, and every constant, through the module
--   types.lib_name = "/path/libtypes.so"   -- before the first use: load another file
--   types.load(name, global)        -- or load it now (ffi.load's arguments)
--
-- Types, functions, variables, enums and 32-bit integer constants are declared with ffi.cdef;
-- the other constants (64-bit, floating, string, pointer) are fields of the module.

local ffi = require("ffi")

-- LuaJIT refuses to define a struct, union, enum or constant twice, and another module may
-- have defined some already: what an item (the chunks' text between blank lines) would define
-- again is left out.
local function index(t, k) return t[k] end
local function known(name) return (pcall(index, ffi.C, name)) end
local function fresh(item)
  local kind, tag = item:gsub("^#[^\n]*\n", ""):match("^(%a+) ([%w_]+) {")
  if kind == "struct" or kind == "union" or kind == "enum" then
    local ok, size = pcall(ffi.sizeof, kind .. " " .. tag)
    return not (ok and size ~= nil) and item or ""
  end
  local first = item:match("enum[%w_ ]*{%s*([%w_]+) =")
  if first then return not known(first) and item or "" end
  return (item:gsub("static const [%w_ ]- ([%w_]+) = [^;]*;\n?", function(name)
    if known(name) then return "" end
  end))
end

local function cdef(chunk)
  local keep = {}
  for item in chunk:gmatch("(.-\n)\n") do keep[#keep + 1] = fresh(item) end
  ffi.cdef(table.concat(keep))
end

local M = { ffi = ffi, lib_name = "types" }

cdef[[
typedef int __attribute__((mode(TI))) i128_t;
typedef unsigned int __attribute__((mode(TI))) u128_t;

struct wide_ints {
    char c;
    i128_t big;
    u128_t ubig;
};

/* skipped: function add128: LuaJIT cannot pass 128-bit integers */
/* skipped: variable quad_value: LuaJIT has no type '_Float128' */
/* skipped: function quad_fn: LuaJIT has no type '_Float128' */

struct with_quad { /* explicit layout: member 'q': LuaJIT has no type '_Float128' */
    int n;
    uint8_t __hk_pad0[12];
    uint8_t q[16]; /* raw bytes: member 'q': LuaJIT has no type '_Float128' */
    long double ld;
} __attribute__((packed, aligned(16)));

struct with_complex { /* explicit layout: member 'ldc': LuaJIT has no 'long double _Complex' */
    complex float fc;
    complex double dc;
    uint8_t __hk_pad1[8];
    uint8_t ldc[32]; /* raw bytes: member 'ldc': LuaJIT has no 'long double _Complex' */
} __attribute__((packed, aligned(16)));

/* skipped: typedef v4si: vector type 'int __attribute__((vector_size(16)))': its layout is not checked */
/* skipped: function vec_add: vector type 'int __attribute__((vector_size(16)))': its layout is not checked */

struct with_valist { /* explicit layout: member 'ap': LuaJIT's va_list is a pointer, not the C type */
    int n;
    uint8_t __hk_pad2[4];
    uint8_t ap[24]; /* raw bytes: member 'ap': LuaJIT's va_list is a pointer, not the C type */
} __attribute__((packed, aligned(8)));

typedef long double ld_t;

typedef struct {
    int n;
} base_t;

typedef base_t alias1_t;
typedef alias1_t alias2_t;

struct chained {
    alias2_t a;
    alias1_t b[2];
};

]]

-- The functions, declared on first use: declaring them all at once would fill much of
-- LuaJIT's table of C types (65536 entries) for a large library.
local functions = {}
local function fns(f) for k, v in pairs(f()) do functions[k] = v end end
fns(function() return {
  fill128 = "void fill128(i128_t *out);",
  vlog = "int vlog(const char *fmt, va_list ap);",
  ld_identity = "ld_t ld_identity(ld_t x);",
} end)

-- Loads the library (name defaults to M.lib_name; name and global as for ffi.load) and
-- makes M.lib its functions and variables.
function M.load(name, global)
  local clib = ffi.load(name or M.lib_name, global)
  M.lib = setmetatable({}, {
    __index = function(t, k)
      local decl = functions[k]
      if decl == nil then return clib[k] end
      ffi.cdef(decl)
      local f = clib[k]
      rawset(t, k, f)
      return f
    end,
    __newindex = function(_, k, v) clib[k] = v end,
  })
  return M.lib
end

return setmetatable(M, {
  __index = function(t, k)
    if k == "lib" then return t.load() end
    return t.lib[k]
  end,
})
