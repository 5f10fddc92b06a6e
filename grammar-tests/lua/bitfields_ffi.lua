-- LuaJIT FFI bindings for bitfields.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local bitfields = require("bitfields_ffi")
--   bitfields.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   bitfields.some_function(...)       -- the same, and every constant, through the module
--   bitfields.lib_name = "/path/libbitfields.so"   -- before the first use: load another file
--   bitfields.load(name, global)        -- or load it now (ffi.load's arguments)
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

local M = { ffi = ffi, lib_name = "bitfields" }

cdef[[
enum color {
    RED = 0,
    GREEN = 1,
    BLUE = 2
};

struct flags {
    uint32_t ready : 1;
    uint32_t mode : 3;
    uint32_t : 4;
    int32_t level : 5;
    bool on : 1;
    uint32_t hue : 2;
    uint8_t small : 2;
    uint32_t : 0;
    uint16_t wide : 9;
};

struct sparse { /* explicit layout: LuaJIT would make it 4 bytes aligned to 4, the compiler 3 aligned to 1 */
    char a;
    uint8_t __hk_pad0[1];
    char b;
} __attribute__((packed, aligned(1)));

struct wide_bits { /* explicit layout: bit-field 'low' of a type wider than LuaJIT's 32-bit bit-fields */
    uint16_t low : 12;
    /* skipped: member mid: a 40-bit bit-field at bit 12 fits no LuaJIT bit-field container */
    uint8_t : 4;
    uint8_t __hk_pad1[4];
    uint8_t : 4;
    uint16_t high : 12;
    uint8_t tail : 3;
} __attribute__((packed, aligned(8)));

struct straddle { /* explicit layout: bit-field 'b' straddles its 32-bit container */
    char a;
    /* skipped: member b: a 30-bit bit-field at bit 8 fits no LuaJIT bit-field container */
    uint8_t __hk_pad2[3];
    uint8_t : 6;
    uint8_t c : 2;
} __attribute__((packed, aligned(1)));

union bits_u {
    unsigned int whole;
    uint32_t nibble : 4;
    bool flag : 1;
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
