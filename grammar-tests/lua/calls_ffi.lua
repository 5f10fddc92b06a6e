-- LuaJIT FFI bindings for calls.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local calls = require("calls_ffi")
--   calls.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   calls.some_function(...)       -- the same, and every constant, through the module
--   calls.lib_name = "/path/libcalls.so"   -- before the first use: load another file
--   calls.load(name, global)        -- or load it now (ffi.load's arguments)
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

local M = { ffi = ffi, lib_name = "calls" }

cdef[[
enum calls_op {
    CALLS_ADD = 1,
    CALLS_MUL = 2
};

typedef struct {
    double x;
    double y;
} calls_vec;

typedef struct { /* explicit layout: bit-field 'wide' of a type wider than LuaJIT's 32-bit bit-fields */
    uint8_t a : 3;
    uint8_t b : 5;
    /* skipped: member wide: a 40-bit bit-field at bit 8 fits no LuaJIT bit-field container */
} __attribute__((packed, aligned(8))) calls_flags;

typedef int (*calls_cb)(int value, void *user);
extern int calls_counter;
static const int CALLS_LIMIT = 64;

]]

-- The functions, declared on first use: declaring them all at once would fill much of
-- LuaJIT's table of C types (65536 entries) for a large library.
local functions = {}
local function fns(f) for k, v in pairs(f()) do functions[k] = v end end
fns(function() return {
  calls_vec_add = "calls_vec calls_vec_add(calls_vec a, calls_vec b);",
  calls_apply = "int calls_apply(enum calls_op op, int a, int b);",
  calls_each = "int calls_each(const int *values, size_t n, calls_cb cb, void *user);",
  calls_format = "int calls_format(char *buf, size_t size, const char *fmt, ...);",
  calls_big = "unsigned long long calls_big(void);",
  calls_flags_sum = "unsigned int calls_flags_sum(const calls_flags *f);",
} end)

local function set(f) for k, v in pairs(f()) do M[k] = v end end
set(function() return {
  CALLS_VERSION = "1.2",
  CALLS_BIG = 4886718345ULL,
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
