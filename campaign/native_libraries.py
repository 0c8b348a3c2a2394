"""WeasyPrint's import without compiler runs: its libraries found as ldconfig finds them.

WeasyPrint opens GObject, Pango, HarfBuzz and fontconfig with cffi, trying
several names for each, Windows' and macOS' first. For every name that is not
a file, cffi asks `ctypes.util.find_library`, which on Linux runs `ldconfig
-p` and, when that knows no such library, gcc and then ld: one import runs
ldconfig 22 times and gcc and ld 16 times each, about 140 ms of CPU and 200 ms
of wall time in every process that imports WeasyPrint (the build process,
each worker). `import_weasyprint` imports it while find_library answers from
one `ldconfig -p`, as its own first step does, and runs no compiler. A
library ldconfig does not know (one only on LD_LIBRARY_PATH) is still opened:
WeasyPrint tries its Linux file name (`libpango-1.0.so.0`) too, which the
system's loader finds on that path. The libraries loaded are the same
(tests/test_startup.py compares them).
"""

from __future__ import annotations

import ctypes.util
import importlib
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from functools import cache

# What WeasyPrint's import loads; importing it loads the rest of WeasyPrint's
# native parts through it.
FFI_MODULE = "weasyprint.text.ffi"


def import_weasyprint() -> None:
    """Import WeasyPrint's native bindings (once per process)."""
    if FFI_MODULE not in sys.modules:
        with _find_library_from_ldconfig():
            importlib.import_module(FFI_MODULE)


@contextmanager
def _find_library_from_ldconfig():
    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def find_library(name: str) -> str | None:
    """The file name ldconfig's cache gives library `name` ("pango-1.0" →
    "libpango-1.0.so.0") for this machine's ABI, as ctypes.util does."""
    found = re.search(rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name.encode()), _abi()),
                      _ldconfig_cache())
    return os.fsdecode(found.group(1)) if found else None


@cache
def _ldconfig_cache() -> bytes:
    try:
        return subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, check=False,
                              env={"LC_ALL": "C", "LANG": "C"}).stdout
    except OSError:
        return b""


def _abi() -> bytes:
    """ldconfig's name of this ABI (ctypes.util's table)."""
    bits = "64" if sys.maxsize > 2**32 else "32"
    machine = f"{os.uname().machine}-{bits}"
    return {"x86_64-64": b"libc6,x86-64", "ppc64-64": b"libc6,64bit", "sparc64-64": b"libc6,64bit",
            "s390x-64": b"libc6,64bit", "ia64-64": b"libc6,IA-64"}.get(machine, b"libc6")
