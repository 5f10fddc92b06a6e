"""Python entry point of headerkit: ``python -m headerkit ARGS`` runs the headerkit binary.

CMake recipes and scripts written for the original (Python) headerkit call it as
``python -m headerkit``; this package keeps that command line working. It contains no
headerkit logic: it finds the native binary and hands it the arguments and the exit status.
"""

import os
import shutil
import sys

__all__ = ["binary", "main"]


def binary():
    """The headerkit executable: $HEADERKIT_BIN, else ``bin/headerkit`` beside this package,
    else ``headerkit`` on PATH (not this package's own launcher). None when there is none."""
    env = os.environ.get("HEADERKIT_BIN")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    exe = "headerkit.exe" if os.name == "nt" else "headerkit"
    bundled = os.path.join(here, "bin", exe)
    if os.path.isfile(bundled) and os.access(bundled, os.X_OK):
        return bundled
    found = shutil.which("headerkit")
    if found:
        # a console script of this package would start us again
        with open(found, "rb") as f:
            head = f.read(2)
        if head != b"#!":
            return found
    return None


def main(argv=None):
    args = sys.argv[1:] if argv is None else list(argv)
    exe = binary()
    if exe is None:
        sys.stderr.write(
            "headerkit: cannot find the headerkit binary "
            "(put it on PATH or set HEADERKIT_BIN)\n"
        )
        return 2
    if os.name == "nt":
        import subprocess

        return subprocess.call([exe] + args)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(exe, [exe] + args)
