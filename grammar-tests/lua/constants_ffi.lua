-- LuaJIT FFI bindings for constants.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local constants = require("constants_ffi")
--   constants.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   constants.some_function(...)       -- the same, and every constant, through the module
--   constants.lib_name = "/path/libconstants.so"   -- before the first use: load another file
--   constants.load(name, global)        -- or load it now (ffi.load's arguments)
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

local M = { ffi = ffi, lib_name = "constants" }

cdef[[
static const int C_INT = 42;
static const int C_NEG = -7;
static const int C_MIN = -2147483647 - 1;
static const unsigned int C_UNSIGNED = 2147483648;
static const unsigned int C_U32_MAX = 4294967295;
static const int C_CHAR = 65;
static const int C_SHIFT = 1024;
static const int C_EXPR = 1108;
static const int end = 3;
static const int lib = 4;
/* skipped: constant lib_name: the name is a field of the module table */

]]

-- The functions, declared on first use: declaring them all at once would fill much of
-- LuaJIT's table of C types (65536 entries) for a large library.
local functions = {}

local function set(f) for k, v in pairs(f()) do M[k] = v end end
set(function() return {
  C_LONG = 4294967296LL,
  C_ULL = 18446744073709551615ULL,
  C_NEG64 = -4294967296LL,
  C_FLOAT = 0.5,
  C_DOUBLE = 1e300,
  C_FLOATF = 2.5,
  C_STRING = "hello \"world\"\n",
  C_CONCAT = "abcd",
  C_OCTAL = "AB",
  C_WIDE = "wide",
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
