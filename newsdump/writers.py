"""Records out: JSONL via orjson (or Parquet), to stdout or to files encoded by their suffix, written
atomically, with the mode `>` would give them (the umask's, or the replaced file's own)."""

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


def file_mode(path: str) -> int:
    """The permission bits `>` would leave on `path`: an existing file keeps its own, a new one gets
    0666 less the umask."""
    with contextlib.suppress(OSError):
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    return 0o666 & ~_umask()


def _umask() -> int:
    try:  # read, not set: setting it for a moment would race with other threads creating files
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def is_stdout(path: str) -> bool:
    """`path` names this process's stdout (/dev/stdout, /dev/fd/1, /proc/self/fd/1 ...)."""
    try:
        named, ours = os.stat(path), os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (named.st_dev, named.st_ino) == (ours.st_dev, ours.st_ino) and path.startswith(("/dev/", "/proc/"))


def writes_through(path: str) -> bool:
    """`path` is a device, a pipe, a socket or a file under /dev or /proc: written in place, never
    replaced by a renamed temporary file (as root, replacing /dev/null would be a disaster)."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return not stat.S_ISREG(info.st_mode) or os.path.realpath(path).startswith(("/dev/", "/proc/"))


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[bytes]]:
    """Stdout for None, "-" or a name of stdout; a device or pipe written in place; else a temporary
    file beside `path` (beside its target, for a symlink, which stays) renamed over it on success only.
    OSErrors name `path`, never the temporary file."""
    if path in (None, "-") or is_stdout(path):
        out = _stdout()
        with _encoder(out, path or "-") as encoded:
            yield encoded
        out.flush()
        return
    if writes_through(path):
        with _renamed_errors(path, path), open(path, "wb") as raw, _encoder(raw, path) as out:
            yield out
        return
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    prefix = f".{os.path.basename(target)[:200]}."  # kept short of the file system's name limit
    remove_stale_parts(folder, prefix)
    with _renamed_errors(path, os.path.join(folder, prefix)):
        raw, temp = _start_part(folder, prefix, file_mode(target))
        try:
            with raw:
                with _encoder(raw, path) as out:
                    yield out
                raw.flush()
                _finish_part(temp, target)  # renamed while still locked, so no sweep can take it first
        except BaseException:
            _drop_part(temp)
            raise


@contextlib.contextmanager
def _renamed_errors(shown: str, hidden_prefix: str) -> Iterator[None]:
    """An OSError about the hidden temporary file is reported with the name the user gave."""
    try:
        yield
    except OSError as err:
        if err.filename is None or str(err.filename).startswith(hidden_prefix):
            err.filename = shown
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


def _start_part(folder: str, prefix: str, mode: int | None = None) -> tuple[IO[bytes], str]:
    """A new temporary output file, locked while this process lives (a lock that even kill -9
    releases, so later runs can tell a live file from a stale one) and removed on a stop; `mode`:
    its final permission bits (mkstemp makes it 0600)."""
    fd, temp = tempfile.mkstemp(prefix=prefix, suffix=PART_SUFFIX, dir=folder)
    interrupts.unfinished.add(temp)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    if mode is not None:
        os.fchmod(fd, mode)
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
def _encoder(raw: IO[bytes], path: str) -> Iterator[IO[bytes]]:
    """What JSONL bytes written to `raw` become, by the suffix of `path`: Parquet, or JSONL compressed."""
    name = path.lower()
    if name.endswith(".parquet"):
        from .parquet import ParquetSink

        with ParquetSink(raw) as out:
            yield out  # type: ignore[misc]
    elif name.endswith(".gz"):
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
    (hidden, ending in .part, never taken for outputs) are removed when the next run starts.
    Outputs are encoded by `suffix` (.jsonl, .jsonl.gz, .jsonl.zst, .parquet ...)."""

    def __init__(self, out_dir: str, suffix: str = ".jsonl") -> None:
        self.out_dir, self.suffix = out_dir, suffix
        os.makedirs(out_dir, exist_ok=True)
        remove_stale_parts(out_dir, DIR_PART_PREFIX)
        self._temp: str | None = None
        self._raw: IO[bytes] | None = None
        self._encoded: contextlib.ExitStack | None = None
        self._handle: IO[bytes] | None = None

    def write(self, data: bytes) -> None:
        if self._handle is None:
            self._raw, self._temp = _start_part(self.out_dir, DIR_PART_PREFIX)
            self._encoded = contextlib.ExitStack()
            self._handle = self._encoded.enter_context(_encoder(self._raw, self.suffix))
        self._handle.write(data)

    def finish(self, output: str) -> bool:
        """Move the current input's records to `output`; False if it produced none."""
        if self._handle is None or self._temp is None or self._raw is None or self._encoded is None:
            return False
        os.makedirs(os.path.dirname(output) or ".", exist_ok=True)
        self._encoded.close()  # the compressor's or Parquet's last bytes
        self._raw.flush()
        os.fchmod(self._raw.fileno(), file_mode(output))
        _finish_part(self._temp, output)  # renamed while still locked
        self._raw.close()
        self._handle = self._raw = self._encoded = self._temp = None
        return True

    def __enter__(self) -> DirWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._raw is not None:
            self._raw.close()
        if self._temp is not None:
            _drop_part(self._temp)


class ShardWriter:
    """--output-dir with shards: every record in input order, into DIR/part-00000<suffix>,
    part-00001<suffix> ..., a new shard once one holds `max_records` records or `max_bytes` bytes of
    JSONL (before compression); each written under a temporary name and renamed when full or at the
    end. Shards an earlier run left beyond the last one written are removed at the end."""

    def __init__(
        self,
        out_dir: str,
        suffix: str = ".jsonl",
        max_records: int | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self.files = DirWriter(out_dir, suffix)
        self.max_records, self.max_bytes = max_records, max_bytes
        self.shards = self.records = self.bytes = 0

    def shard_name(self, number: int) -> str:
        return os.path.join(self.files.out_dir, f"part-{number:05d}{self.files.suffix}")

    def write(self, data: bytes) -> None:
        for line in data.splitlines(keepends=True):
            if self.records and self._full(len(line)):
                self._next_shard()
            self.files.write(line)
            self.records += 1
            self.bytes += len(line)

    def _full(self, adding: int) -> bool:
        return (self.max_records is not None and self.records >= self.max_records) or (
            self.max_bytes is not None and self.bytes + adding > self.max_bytes
        )

    def _next_shard(self) -> None:
        self.files.finish(self.shard_name(self.shards))
        self.shards += 1
        self.records = self.bytes = 0

    def close(self) -> None:
        """The last shard renamed into place, and an earlier run's extra shards removed."""
        if self.records:
            self._next_shard()
        prefix, suffix = "part-", self.files.suffix
        for name in os.listdir(self.files.out_dir):
            number = name[len(prefix) : -len(suffix)]
            stale = name.startswith(prefix) and name.endswith(suffix) and number.isdigit()
            if stale and int(number) >= self.shards:
                os.unlink(os.path.join(self.files.out_dir, name))

    def __enter__(self) -> ShardWriter:
        self.files.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
        self.files.__exit__(kind, *exc)
