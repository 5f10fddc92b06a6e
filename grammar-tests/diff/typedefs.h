// args: --baseline old/typedefs.h
// expect: typedef_changed typedef_removed typedef_added
/* Typedefs: `handle` changes type (breaking); `count_t` is spelled through another
 * typedef that is the same type (non-breaking); `point`'s typedef is now written apart
 * from the struct (no change); a parameter name inside a function-pointer type is not part
 * of it (no change); `vec` grows. */
typedef long handle;
typedef unsigned long word;
typedef word count_t;
typedef int fresh_t;
struct point { int x, y; };
typedef struct point point;
typedef void (*callback)(int status);
typedef int vec[4];
