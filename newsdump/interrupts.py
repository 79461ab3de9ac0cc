"""Ctrl-C and SIGTERM during a run: stop at once, leave no partial output, exit 130 or 143.

The handler never raises. Python runs a signal handler in the main thread at whatever bytecode that
thread reaches next, so an exception raised there can land in a `__del__` run by the garbage
collector (printed as "Exception ignored" and dropped), in a class body being built (wrapped in a
RuntimeError, so a traceback), or under an `except Exception` meant for bugs. Each of these lost
the signal, and a run blocked on an open stdin then never ended. Instead the handler removes the
outputs still being written, ends the worker processes and leaves with os._exit.

The handler runs in the main thread only, between bytecodes, so two things must hold for a run
that waits on an idle stdin. The kernel must hand the signal to the main thread: Linux prefers it
unless it blocks the signal, and the threads and processes that newsdump starts are started inside
`deferred()`, so they inherit a mask that leaves the signal to it. And the wait must end: CPython
looks for signals only when a read() returns EINTR, so a signal that lands just before the read
begins went unnoticed until more input came (the intermittent hang). Readers of pipes therefore wait
in poll() on the input and on `wakeup_fd`, where the C-level handler writes a byte for each signal
(`Waiter`); so do writers to a pipe whose reader has stopped reading.
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import signal
import sys
import threading
from collections.abc import Iterator

STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})
_SAID = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}

# Temporary output files being written; a stop removes them. A stop that falls between creating
# one and adding it here leaves a stale file that the next run sweeps (writers.remove_stale_parts).
unfinished: set[str] = set()
_owner = 0  # the process that installed the handler (a forked child inherits it until it resets)
wakeup_fd: int | None = None  # readable once a signal has come; None when no run is stoppable


def exit_code(signum: int) -> int:
    return 128 + signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back from this thread; threads and processes started meanwhile
    inherit the mask. A signal that arrives meanwhile is acted on when the block ends."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Stop the run on Ctrl-C or SIGTERM, also when started with them ignored (`&`) or blocked (a
    host program's thread); the previous handlers and mask come back afterwards."""
    global _owner, wakeup_fd
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the host program decides
        return
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)  # the C handler must never block on it
    previous = {sig: signal.signal(sig, _stop) for sig in STOP_SIGNALS}
    previous_wakeup = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    _owner, wakeup_fd = os.getpid(), read_end
    old_mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        signal.set_wakeup_fd(previous_wakeup)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        wakeup_fd = None
        os.close(read_end)
        os.close(write_end)


class Waiter:
    """Waits in poll() until `fd` is ready for `event` (select.POLLIN, POLLOUT) or a signal comes:
    then its handler runs as soon as Python code runs, and a stop never returns here. Without a
    stoppable run (no `wakeup_fd`) it does not wait, and the read or write blocks as usual."""

    def __init__(self, fd: int, event: int) -> None:
        self._fd, self._wakeup = fd, wakeup_fd
        self._poll = select.poll()
        self._poll.register(fd, event)
        if self._wakeup is not None:
            self._poll.register(self._wakeup, select.POLLIN)

    def wait(self) -> None:
        while self._wakeup is not None:
            if self._fd in {fd for fd, _ in self._poll.poll()}:  # ready, or an error to report
                return
            with contextlib.suppress(OSError):  # a handler that returned: forget its byte
                os.read(self._wakeup, 512)


class PolledFd(io.RawIOBase):
    """A raw stream on a pipe or terminal `fd` whose reads or writes first wait in a `Waiter`
    (readers._WaitingReader, writers._WaitingWriter say which)."""

    def __init__(self, fd: int, event: int) -> None:
        self._fd, self._waiter = fd, Waiter(fd, event)

    def fileno(self) -> int:
        return self._fd


def _stop(signum: int, frame: object) -> None:
    if os.getpid() == _owner:  # not a forked worker that has not reset its handlers yet
        _remove_unfinished()
        _end_children()
        _say(f"newsdump: error: {_SAID.get(signum, 'stopped')}\n")
    os._exit(exit_code(signum))  # no flush of stdout: a reader that stopped reading would block it


def _remove_unfinished() -> None:
    for path in list(unfinished):
        with contextlib.suppress(OSError):
            os.unlink(path)


def _end_children() -> None:
    """Worker processes (a pool's, a local cluster's) wait on queues that the exit does not close."""
    multiprocessing = sys.modules.get("multiprocessing")  # never imported: no children
    if multiprocessing is None:
        return
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError, AttributeError):
            child.terminate()


def _say(line: str) -> None:
    if os.isatty(2):  # end a progress line and show the cursor it hid
        line = "\r\x1b[2K\x1b[?25h" + line
    with contextlib.suppress(OSError):
        os.write(2, line.encode())
