"""Records out: JSONL via orjson, to stdout or to a file compressed by its suffix, written atomically."""

from __future__ import annotations

import bz2
import contextlib
import fcntl
import gzip
import io
import lzma
import os
import select
import stat
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, Any

import orjson

from . import interrupts

PART_SUFFIX = ".part"
DIR_PART_PREFIX = ".newsdump-"  # --output-dir: one temporary file at a time, named apart from outputs


def dumps_record(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record) + b"\n"


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[bytes]]:
    """Stdout for None or "-"; else a temporary file beside `path`, renamed over it on success only."""
    if path in (None, "-"):
        out = _stdout()
        yield out
        out.flush()
        return
    folder = os.path.dirname(os.path.abspath(path)) or "."
    prefix = f".{os.path.basename(path)[:200]}."  # kept short of the file system's name limit
    remove_stale_parts(folder, prefix)
    raw, temp = _start_part(folder, prefix)
    try:
        with raw:
            with _compressor(raw, path) as out:
                yield out
            raw.flush()
            _finish_part(temp, path)  # renamed while still locked, so no sweep can take it first
    except BaseException:
        _drop_part(temp)
        raise


def _stdout() -> IO[bytes]:
    """Stdout; a pipe is written so that Ctrl-C and SIGTERM end a wait on a reader that stopped
    reading (see interrupts.py)."""
    try:
        fd = sys.stdout.fileno()
        piped = stat.S_ISFIFO(os.fstat(fd).st_mode) or stat.S_ISSOCK(os.fstat(fd).st_mode)
    except (OSError, ValueError, AttributeError):  # replaced by a test harness or a host program
        return sys.stdout.buffer
    if not piped or interrupts.wakeup_fd is None:
        return sys.stdout.buffer
    sys.stdout.flush()
    return io.BufferedWriter(_WaitingWriter(fd), buffer_size=1 << 16)


class _WaitingWriter(interrupts.PolledFd):
    """Writes wait in poll() on the pipe and the signal wakeup fd, then write at most PIPE_BUF bytes,
    which a pipe that polls writable takes without blocking."""

    def __init__(self, fd: int) -> None:
        super().__init__(fd, select.POLLOUT)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._waiter.wait()
        return os.write(self._fd, bytes(memoryview(data)[: select.PIPE_BUF]))


def _start_part(folder: str, prefix: str) -> tuple[IO[bytes], str]:
    """A new temporary output file, locked while this process lives (a lock that even kill -9
    releases, so later runs can tell a live file from a stale one) and removed on a stop."""
    fd, temp = tempfile.mkstemp(prefix=prefix, suffix=PART_SUFFIX, dir=folder)
    interrupts.unfinished.add(temp)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return os.fdopen(fd, "wb"), temp


def _finish_part(temp: str, path: str) -> None:
    os.replace(temp, path)
    interrupts.unfinished.discard(temp)


def _drop_part(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)
    interrupts.unfinished.discard(temp)


def remove_stale_parts(folder: str, prefix: str) -> list[str]:
    """Remove the temporary files `prefix`*.part that runs killed outright (kill -9, power loss) left
    in `folder`: those no live process holds a lock on. Returns their paths."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []  # a folder that cannot be listed cannot be written either: that error comes next
    removed = []
    for name in sorted(names):
        middle = name[len(prefix) : -len(PART_SUFFIX)]
        if name.startswith(prefix) and name.endswith(PART_SUFFIX) and middle and "." not in middle:
            path = os.path.join(folder, name)
            if _remove_if_unlocked(path):
                removed.append(path)
    return removed


def _remove_if_unlocked(path: str) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its writer is alive
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


@contextlib.contextmanager
def _compressor(raw: IO[bytes], path: str) -> Iterator[IO[bytes]]:
    name = path.lower()
    if name.endswith(".gz"):
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:  # mtime=0: byte-identical reruns
            yield out  # type: ignore[misc]
    elif name.endswith(".bz2"):
        with bz2.BZ2File(raw, "wb") as out:
            yield out  # type: ignore[misc]
    elif name.endswith(".xz"):
        with lzma.LZMAFile(raw, "wb") as out:
            yield out  # type: ignore[misc]
    elif name.endswith(".zst"):
        import zstandard

        with zstandard.ZstdCompressor(level=6).stream_writer(raw, closefd=False) as out:
            yield out  # type: ignore[misc]
    else:
        yield raw


class DirWriter:
    """One output file per input (--output-dir): records go to a temporary file that is renamed to
    the input's output name only when the input is complete, so a crash loses at most the inputs in
    flight and `--resume` can trust every file it finds. Temporary files that a killed run left
    (hidden, ending in .part, never taken for outputs) are removed when the next run starts."""

    def __init__(self, out_dir: str) -> None:
        self.out_dir = out_dir
        os.makedirs(out_dir, exist_ok=True)
        remove_stale_parts(out_dir, DIR_PART_PREFIX)
        self._temp: str | None = None
        self._handle: IO[bytes] | None = None

    def write(self, data: bytes) -> None:
        if self._handle is None:
            self._handle, self._temp = _start_part(self.out_dir, DIR_PART_PREFIX)
        self._handle.write(data)

    def finish(self, output: str) -> bool:
        """Move the current input's records to `output`; False if it produced none."""
        if self._handle is None or self._temp is None:
            return False
        os.makedirs(os.path.dirname(output) or ".", exist_ok=True)
        self._handle.flush()
        _finish_part(self._temp, output)  # renamed while still locked
        self._handle.close()
        self._handle = self._temp = None
        return True

    def __enter__(self) -> DirWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._temp is not None:
            _drop_part(self._temp)
