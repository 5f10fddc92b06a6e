-- LuaJIT FFI bindings for enums.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local enums = require("enums_ffi")
--   enums.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   enums.some_function(...)       -- the same, and every constant, through the module
--   enums.lib_name = "/path/libenums.so"   -- before the first use: load another file
--   enums.load(name, global)        -- or load it now (ffi.load's arguments)
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

local M = { ffi = ffi, lib_name = "enums" }

cdef[[
enum state {
    IDLE = 0,
    RUNNING = 5,
    DONE = 6
};

typedef enum {
    LOW = -1,
    MID = 0,
    HIGH = 1
} level_t;

enum priority {
    P_LOW = 10,
    P_HIGH = 20
};

typedef enum priority priority_t;

enum {
    ANON_A = 100,
    ANON_B = 101
};

enum limits {
    L_MIN = -2147483647 - 1,
    L_MAX = 2147483647
};

enum unsigned_top {
    TOP_BIT = 2147483648,
    ALL_BITS = 4294967295
};

enum {
    S_ONE = 1,
    S_TWO = 200
};

enum {
    T_NEG = -5,
    T_POS = 5
};

typedef int8_t tiny_t;

struct uses_enums {
    enum state st;
    level_t level;
    uint64_t b;
    uint8_t s;
    tiny_t t;
    enum {
        INLINE_A = 7,
        INLINE_B = 8
    } inline_kind;
    enum {
        ANON_A_AGAIN = 100
    } again;
    char after;
};

]]

-- The functions, declared on first use: declaring them all at once would fill much of
-- LuaJIT's table of C types (65536 entries) for a large library.
local functions = {}
local function fns(f) for k, v in pairs(f()) do functions[k] = v end end
fns(function() return {
  next_state = "enum state next_state(enum state s);",
} end)

local function set(f) for k, v in pairs(f()) do M[k] = v end end
set(function() return {
  BIG_ONE = 4294967296LL,
  BIG_TWO = 4294967297LL,
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
