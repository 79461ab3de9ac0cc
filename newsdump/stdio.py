"""Standard streams a shell closed (`<&-`, `>&-`, `2>&-`).

Python starts with `sys.stdout` (and the others) set to None when its fd is closed, so the first
write is an AttributeError, and the next file opened takes the free fd: `-o out.jsonl` would then be
fd 1, and anything printed would land in the output file. Each closed fd gets /dev/null instead.
`sys.stdin` and `sys.stdout` stay None so that readers and writers can say that stdin or stdout is
closed instead of reading nothing or writing into nowhere; stderr, for humans only, is /dev/null.
"""

from __future__ import annotations

import os
import sys


def reopen_closed_std_streams() -> list[int]:
    """Put /dev/null on every closed fd of 0, 1, 2; returns the ones that were closed."""
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
    for fd in closed:
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    if 2 in closed:
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    return closed
