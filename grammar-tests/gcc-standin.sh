#!/bin/sh
# Stand-in for `headerkit preprocess FILE ARGS...` built on gcc, used to develop
# the harness before the real preprocessor existed:
#   HEADERKIT_BIN=grammar-tests/gcc-standin.sh cargo test --test grammar
[ "$1" = preprocess ] || { echo "usage: $0 preprocess FILE [ARGS...]" >&2; exit 2; }
shift
f=$1
shift
gcc -E "$@" "$f"
rc=$?
[ $rc -eq 0 ] || exit 1
