-- LuaJIT FFI bindings for records.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local records = require("records_ffi")
--   records.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   records.some_function(...)       -- the same, and every constant, through the module
--   records.lib_name = "/path/librecords.so"   -- before the first use: load another file
--   records.load(name, global)        -- or load it now (ffi.load's arguments)
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

local M = { ffi = ffi, lib_name = "records" }

cdef[[
struct point {
    int x;
    int y;
};

typedef struct point point_t;

struct node {
    int value;
    struct node *next;
};

typedef struct node node;

typedef struct {
    double re;
    double im;
} cplx;

typedef struct {
    char c;
} *tiny_ptr;

typedef struct {
    char c;
} tiny_arr[3];

union number {
    int i;
    float f;
    double d;
    unsigned char bytes[8];
};

typedef union {
    long l;
    void *p;
} word_t;

struct opaque_handle;
typedef struct opaque_handle *handle_t;

struct shape {
    int kind;
    union {
        struct {
            double w;
            double h;
        };
        double radius;
    };
    struct {
        int r;
        int g;
        int b;
    } color;
    struct {
        int r;
        int g;
        int b;
    } palette[4];
    struct {
        int r;
        int g;
        int b;
    } *current;
    point_t corners[2][2];
    struct point origin;
    node *list;
    handle_t owner;
};

struct message {
    unsigned int length;
    short tag;
    char payload[];
};

struct empty_ish {
    char none[0];
};

struct inner {
    long a;
    char b;
};

struct outer {
    struct inner in;
    struct inner *p;
};

]]

-- The functions, declared on first use: declaring them all at once would fill much of
-- LuaJIT's table of C types (65536 entries) for a large library.
local functions = {}
local function fns(f) for k, v in pairs(f()) do functions[k] = v end end
fns(function() return {
  shape_move = "void shape_move(struct shape *s, point_t by);",
  point_add = "struct point point_add(struct point a, struct point b);",
  number_of = "union number number_of(int i);",
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
