-- LuaJIT FFI bindings for deps.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local deps = require("deps_ffi")
--   deps.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   deps.some_function(...)       -- the same, and every constant, through the module
--   deps.lib_name = "/path/libdeps.so"   -- before the first use: load another file
--   deps.load(name, global)        -- or load it now (ffi.load's arguments)
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

local M = { ffi = ffi, lib_name = "deps" }

cdef[[
typedef struct _IO_FILE FILE;
typedef long __time_t;
typedef long __suseconds_t;

struct timeval {
    __time_t tv_sec;
    __suseconds_t tv_usec;
};

typedef __time_t time_t;

typedef union {
    /* skipped: members __data, __size, __align: out of scope, of implementation-reserved types */
    uint8_t __hk_opaque0[40];
} __attribute__((aligned(8))) pthread_mutex_t;

typedef long __off_t;
typedef __off_t off_t;

struct session {
    FILE *log;
    struct timeval started;
    struct tm *calendar;
    time_t deadline;
    pthread_mutex_t lock;
    uint64_t id;
    int8_t small;
    off_t offset;
    size_t length;
    intptr_t cookie;
};

typedef long __syscall_slong_t;

struct timespec {
    __time_t tv_sec;
    __syscall_slong_t tv_nsec;
};

typedef int __pid_t;
typedef __pid_t pid_t;

struct guarded {
    pthread_mutex_t m;
    int x;
};

typedef union {
    /* skipped: members __data, __size, __align: out of scope, of implementation-reserved types */
    uint8_t __hk_opaque1[48];
} __attribute__((aligned(8))) pthread_cond_t;

typedef union {
    /* skipped: members __data, __size, __align: out of scope, of implementation-reserved types */
    uint8_t __hk_opaque2[56];
} __attribute__((aligned(8))) pthread_rwlock_t;

typedef union pthread_attr_t pthread_attr_t;

union pthread_attr_t {
    char __size[56];
    long __align;
};

struct waiter {
    pthread_cond_t cond;
    pthread_rwlock_t rw;
    pthread_attr_t attr;
    char tag;
};

]]

-- The functions, declared on first use: declaring them all at once would fill much of
-- LuaJIT's table of C types (65536 entries) for a large library.
local functions = {}
local function fns(f) for k, v in pairs(f()) do functions[k] = v end end
fns(function() return {
  session_open = "int session_open(struct session *s, const char *path, FILE *log);",
  session_elapsed = "struct timespec session_elapsed(const struct session *s);",
  session_owner = "pid_t session_owner(const struct session *s);",
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
