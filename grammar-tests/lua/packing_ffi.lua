-- LuaJIT FFI bindings for packing.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local packing = require("packing_ffi")
--   packing.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   packing.some_function(...)       -- the same, and every constant, through the module
--   packing.lib_name = "/path/libpacking.so"   -- before the first use: load another file
--   packing.load(name, global)        -- or load it now (ffi.load's arguments)
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

local M = { ffi = ffi, lib_name = "packing" }

cdef[[
struct wire {
    char kind;
    int value;
    short extra;
} __attribute__((packed));

struct loose {
    char c;
    int i __attribute__((packed));
    char d;
};

struct aligned16 {
    char c;
} __attribute__((aligned(16)));

struct with_aligned_member {
    char c;
    int v __attribute__((aligned(8)));
};

typedef struct {
    unsigned short a;
    unsigned int b;
} __attribute__((packed)) packed_t;

#pragma pack(push, 2)
struct pack2 {
    char c;
    double d;
    int i;
};
#pragma pack(pop)

#pragma pack(push, 1)
struct pack1 {
    char c;
    long l;
    struct {
        short s;
        int t;
    } in;
};
#pragma pack(pop)

union pu {
    char c;
    int i;
} __attribute__((packed));

struct holder {
    char c;
    struct wire w;
    struct aligned16 a;
    struct pack2 p;
};

]]

-- The functions, declared on first use: declaring them all at once would fill much of
-- LuaJIT's table of C types (65536 entries) for a large library.
local functions = {}

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
