-- LuaJIT FFI bindings for functions.h, written by headerkit (target x86_64-unknown-linux-gnu).
--
--   local functions = require("functions_ffi")
--   functions.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   functions.some_function(...)       -- the same, and every constant, through the module
--   functions.lib_name = "/path/libfunctions.so"   -- before the first use: load another file
--   functions.load(name, global)        -- or load it now (ffi.load's arguments)
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

local M = { ffi = ffi, lib_name = "functions" }

cdef[[
typedef int (*compare_fn)(const void *a, const void *b);
typedef void handler_fn(int signal);
/* skipped: function square: static, so no library exports it */
/* skipped: function helper: static, so no library exports it */
/* skipped: function windows_abi: LuaJIT cannot call 'ms_abi' functions on x86_64-unknown-linux-gnu */
extern int counter;
extern const char *version_string;
extern int table[16];
/* skipped: variable per_thread: thread-local */
/* skipped: variable header_private: static, so no library exports it */

]]

-- The functions, declared on first use: declaring them all at once would fill much of
-- LuaJIT's table of C types (65536 entries) for a large library.
local functions = {}
local function fns(f) for k, v in pairs(f()) do functions[k] = v end end
fns(function() return {
  sum = "int sum(int a, int b);",
  print_all = "int print_all(const char *fmt, ...);",
  legacy = "int legacy();",
  no_args = "void no_args(void);",
  set_handler = "void (*set_handler(int sig, void (*handler)(int)))(int);",
  get_handler = "handler_fn *get_handler(int sig);",
  sort = "void sort(void *base, size_t n, size_t size, compare_fn cmp);",
  apply = "int apply(int (*ops[4])(int), int x);",
  matrix_trace = "int matrix_trace(int m[3][3]);",
  names = "const char *const *names(void);",
  renamed = "int renamed(int x) __asm__(\"renamed_impl\");",
  maybe_inline = "int maybe_inline(int x);",
  keywords = "int keywords(int, int, char *asm_);",
  sysv_abi_fn = "int sysv_abi_fn(int a);",
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
