"""Inputs to dumps: files, folders, globs and fsspec URLs, stdin, compressed streams, tar/zip
archives, WARC/WET and JSONL.

Formats are recognized by content (magic bytes, and for JSONL a sample of lines), not by name, so
`dump.txt` that is really gzip, or a `.jsonl` inside a `.tar.zst`, just work. Every problem is
yielded as an `InputError` naming the input, and reading goes on with the next input, member or
record; what costs no data but deserves a word (a FIFO skipped in a folder, WARC records of other
types) is an `InputNotice`. Memory per input is bounded: a dump is refused past `max_dump_bytes` or
`max_dump_lines`, and all the layers and members of one input together decompress at most
`max_decompressed_bytes`.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import os
import select
import stat
import sys
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import orjson

from . import interrupts
from .decode import decode_bytes, strip_control
from .lines import count_lines
from .model import Dump, InputError, InputNotice, Source
from .warc import read_warc

Item = Dump | InputError | InputNotice
TEXT_FIELDS = ("text", "dump", "content", "body")
_READ_ERRORS = (
    OSError,
    EOFError,
    lzma.LZMAError,
    zlib.error,
    tarfile.TarError,
    zipfile.BadZipFile,
    ValueError,
    NotImplementedError,  # zipfile: a compression method it lacks
    OverflowError,
    MemoryError,
)
_MAX_LAYERS = 8  # nested compression layers peeled before an input is refused
_SNIFF_BYTES = 1 << 20  # how much of a stream the format is decided on
_JSONL_SAMPLE = 20  # lines of that start looked at to tell JSONL from text
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps against hostile input; each is reported as a warning or an error when hit."""

    # A news page's text is well under 1 MB; converting a dump takes about 6 times its size in
    # memory (text, lines, keys, features), so 16 MiB keeps any accepted dump within 200 MB of RSS.
    max_dump_bytes: int = 16 * 1024 * 1024
    max_decompressed_bytes: int = 4 * 1024 * 1024 * 1024  # per input, all layers and members
    # Each line costs about 2.5 kB while it is labeled, however short: 20,000 lines (9 times the
    # longest dev page) stay within 200 MB like the byte cap; 8 M tiny lines would take 15 GB.
    max_dump_lines: int = 20_000


@dataclass(frozen=True, slots=True)
class ReadOptions:
    text_field: str | None = None  # JSONL: the field holding the dump; None tries TEXT_FIELDS
    limits: Limits = Limits()
    id_field: str | None = None  # JSONL: the field that names each dump in record ids


class _Budget:
    """The decompressed bytes one input may still produce, over all its layers and members."""

    def __init__(self, cap: int) -> None:
        self.left = cap

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise ValueError("decompressed size exceeds the cap (--max-decompressed); a compression bomb?")


def iter_dumps(inputs: Sequence[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Every dump of every input, in a stable order (folders are walked sorted, globs sorted);
    a file given twice (or found twice) is read once, with a notice."""
    options = options or ReadOptions()
    seen: set[tuple[int, int]] = set()
    stdin_read = False
    for given in inputs:
        if given == "-":
            if stdin_read:
                yield InputNotice("-", "stdin given twice; read once")
                continue
            stdin_read = True
            yield from read_stream(_stdin(), Source(path="-"), options)
        elif is_url_or_glob(given):
            yield from _read_matches(given, options, seen)
        elif os.path.isdir(given):
            yield from _read_folder(given, options, seen)
        else:
            yield from _read_file(given, options, seen)


def is_url_or_glob(given: str) -> bool:
    return "://" in given or not _GLOB_CHARS.isdisjoint(given) and not os.path.exists(given)


def expand_inputs(inputs: Sequence[str]) -> Iterator[str]:
    """The local files a run will read (folders expanded), for progress totals."""
    for path, _ in input_files(inputs):
        if path != "-" and "://" not in path:
            yield path


def input_files(inputs: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(path, name) of every input file, folders and globs expanded, each file once; the name is
    relative to the folder given (or the glob's fixed part)."""
    seen: set[tuple[int, int]] = set()
    for given in inputs:
        if given == "-":
            yield given, "stdin"
        elif is_url_or_glob(given):
            for path, root in _matches(given):
                yield path, _relative(path, root)
        elif os.path.isdir(given):
            for found in _walk(given):
                if isinstance(found, str) and _first_time(found, seen):
                    yield found, _printable(os.path.relpath(found, given))
        elif _first_time(given, seen):
            yield given, _printable(os.path.basename(given))


def _first_time(path: str, seen: set[tuple[int, int]]) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return True  # reading it reports the problem
    if not stat.S_ISREG(info.st_mode):
        return True
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


# Folders ------------------------------------------------------------------------------------


def _walk(folder: str) -> Iterator[str | InputError | InputNotice]:
    """Files under `folder` in path order (names sorted, folders entered where they sort), hidden
    names skipped; a folder that cannot be listed is its error, a FIFO, socket or device a notice;
    symlink loops are cut. Iterative: a folder nested thousands deep is no recursion error."""
    seen: set[tuple[int, int]] = set()
    listing = _listing(folder, seen)
    if not isinstance(listing, list):
        yield listing
        return
    stack = [iter(listing)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        kind = _kind(entry)
        if kind == "folder":
            inner = _listing(entry.path, seen)
            if isinstance(inner, list):
                stack.append(iter(inner))
            else:
                yield inner
        elif kind == "file":
            yield entry.path
        else:
            yield InputNotice(_printable(entry.path), f"not a regular file ({kind}); skipped")


def _listing(folder: str, seen: set[tuple[int, int]]) -> list[os.DirEntry[str]] | InputError:
    try:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:  # a symlink loop: walk each real folder once
            return []
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as listing:
            return sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as err:
        return InputError(_printable(folder), f"cannot read folder: {err.strerror or err}")


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        mode = entry.stat().st_mode
    except OSError:
        return "file"  # a broken link or a loop: reading it as a file reports the problem
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _read_folder(folder: str, options: ReadOptions, seen: set[tuple[int, int]]) -> Iterator[Item]:
    for found in _walk(folder):
        if isinstance(found, str):
            yield from _read_file(found, options, seen)
        else:
            yield found


# Globs and URLs (fsspec) ----------------------------------------------------------------------


def _matches(given: str) -> Iterator[tuple[str, str]]:
    """(file, root) behind a glob or URL, sorted; hidden names skipped; folders walked."""
    import fsspec

    fs, _, paths = fsspec.get_fs_token_paths(given)
    local = "://" not in given
    for path in sorted(paths):
        info = fs.info(path)
        if info["type"] == "directory":
            found = sorted(p for p in fs.find(path) if not _hidden(p, path))
            root = path
        else:
            found, root = [path], _glob_root(given, fs)
        for file in found:
            yield (file if local else fs.unstrip_protocol(file)), root


def _hidden(path: str, root: str) -> bool:
    return any(part.startswith(".") for part in path[len(root) :].split("/"))


def _glob_root(given: str, fs: Any) -> str:
    fixed = given.split("://", 1)[-1]
    for i, ch in enumerate(fixed):
        if ch in _GLOB_CHARS:
            return fixed[: fixed.rfind("/", 0, i) + 1]
    return os.path.dirname(fs._strip_protocol(given))


def _relative(path: str, root: str) -> str:
    plain = path.split("://", 1)[-1]
    root = root.split("://", 1)[-1].rstrip("/")
    if root and plain.startswith(root + "/"):
        return plain[len(root) + 1 :]
    return os.path.basename(plain)


def _read_matches(given: str, options: ReadOptions, seen: set[tuple[int, int]]) -> Iterator[Item]:
    try:
        matches = list(_matches(given))
    except (ImportError, ValueError, OSError) as err:
        yield InputError(given, _describe(err) if not isinstance(err, ImportError) else f"needs {err.name}")
        return
    if not matches:
        yield InputError(given, "no file matches")
        return
    for path, _ in matches:
        if "://" not in path:
            yield from _read_file(path, options, seen)
            continue
        yield from _read_url(path, options)


def _read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    import fsspec

    try:
        handle = fsspec.open(url, "rb").open()
    except (OSError, ValueError) as err:
        yield InputError(url, _describe(err))
        return
    with handle:
        yield from read_stream(handle, Source(path=url), options)


# Files --------------------------------------------------------------------------------------


def _read_file(path: str, options: ReadOptions, seen: set[tuple[int, int]] | None = None) -> Iterator[Item]:
    shown = _printable(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO without a writer must not block open()
    except OSError as err:
        yield InputError(shown, err.strerror or str(err))
        return
    handle = os.fdopen(fd, "rb")
    with handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a named pipe, /dev/stdin, <(command)
            os.set_blocking(fd, True)  # reads wait in poll() (see _waiting), then block no more
            yield from _renamed(read_stream(_waiting(handle, always=True), Source(path=shown), options), path)
            return
        if seen is not None:
            if (info.st_dev, info.st_ino) in seen:
                yield InputNotice(shown, "already read (given twice); skipped")
                return
            seen.add((info.st_dev, info.st_ino))
        yield from _renamed(read_stream(handle, Source(path=shown), options), path)


def _renamed(items: Iterator[Item], path: str) -> Iterator[Item]:
    """Dumps of a file whose name is not valid UTF-8 say how it is shown."""
    if _printable(path) == path:
        yield from items
        return
    for item in items:
        if isinstance(item, Dump):
            item.warnings.append("the file name is not valid UTF-8: shown with \\x escapes")
        yield item


def _printable(name: str) -> str:
    """A name as text that can be written: bytes that are not UTF-8 (a latin-1 file name, which
    Python holds as surrogates) as \\x escapes."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _stdin() -> IO[bytes]:
    if sys.stdin is None:  # started with stdin closed (`<&-`)
        return io.BytesIO()
    try:
        regular = _is_regular(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):  # replaced by a test harness or a host program
        return sys.stdin.buffer
    return sys.stdin.buffer if regular else _waiting(sys.stdin.buffer)


def _is_regular(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


def _waiting(handle: IO[bytes], always: bool = False) -> IO[bytes]:
    """A pipe or terminal, read so that Ctrl-C and SIGTERM end a wait on it (see interrupts.py);
    `always`: also outside a stoppable run (a FIFO opened without blocking must wait somewhere)."""
    if interrupts.wakeup_fd is None and not always:
        return handle
    return io.BufferedReader(_WaitingReader(handle.fileno()), buffer_size=1 << 16)


class _WaitingReader(interrupts.PolledFd):
    """Reads wait in poll() on the input and the signal wakeup fd, never in read() itself: a signal
    that lands just before a blocking read() begins would wait for the next input to be noticed."""

    def __init__(self, fd: int) -> None:
        super().__init__(fd, select.POLLIN)
        # Outside a stoppable run the Waiter does not wait; the first read of a FIFO still must: a
        # read before its writer comes is an end of file, and the writer's data would be lost.
        self._await_writer = interrupts.wakeup_fd is None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._await_writer:
            self._await_writer = False
            poll = select.poll()
            poll.register(self._fd, select.POLLIN)
            poll.poll()  # data, or the end once a writer has come and gone
        self._waiter.wait()
        return os.readv(self._fd, [buffer])


# Streams ------------------------------------------------------------------------------------


def read_stream(
    raw: IO[bytes], source: Source, options: ReadOptions, budget: _Budget | None = None
) -> Iterator[Item]:
    """Sniff compression and container format, then hand the stream to the right reader."""
    where = _where(source)
    budget = budget or _Budget(options.limits.max_decompressed_bytes)
    try:
        stream = _decompressed(raw, budget)
        head, stream = _head(stream, _SNIFF_BYTES)
        if len(head) > 262 and head[257:262] == b"ustar":
            yield from _read_tar(stream, source, options, budget)
        elif head.startswith(b"WARC/1."):
            yield from read_warc(stream, source, options.limits, _checked)
        elif head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            yield from _read_zip(_seekable(stream, raw, budget), source, options, budget)
        elif _looks_like_jsonl(head, complete=len(head) < _SNIFF_BYTES):
            yield from _read_jsonl(stream, source, options)
        else:
            yield _checked(
                _dump_from_bytes(_read_capped(stream, options.limits.max_dump_bytes), source), options.limits
            )
    except _READ_ERRORS as err:
        yield InputError(where, _describe(err))


def _head(stream: IO[bytes], size: int) -> tuple[bytes, io.BufferedReader]:
    """The first `size` bytes (fewer at the end) and a stream that still starts with them; peek()
    alone may see only what one read of a pipe gave. A read error inside the head comes back when
    the reader reaches it, so that what comes before it (a tar's first members) is still read."""
    parts: list[bytes] = []
    got = 0
    failure: BaseException | None = None
    while got < size:
        try:
            chunk = _read_some(stream, min(size - got, 1 << 16))
        except _READ_ERRORS as err:
            failure = err
            break
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
        if _enough(parts, short=len(chunk) < min(size - got + len(chunk), 1 << 16)):
            break
    head = b"".join(parts)
    rest = _Prefixed(head, stream, failure)
    return head, io.BufferedReader(rest, buffer_size=1 << 16)  # type: ignore[arg-type]


def _enough(parts: list[bytes], short: bool) -> bool:
    """Whether the head can be decided on before the window is full: it holds the lines JSONL is
    sniffed on, or a pipe paused after a complete line (a producer that writes one record and waits
    for its output must not be kept waiting for a window it will never fill)."""
    newlines = sum(part.count(b"\n") for part in parts)
    return newlines > _JSONL_SAMPLE or (short and newlines > 0)


def _read_some(stream: IO[bytes], size: int) -> bytes:
    """At most one read of the layer below: the bytes before an error are not lost with it."""
    read1 = getattr(stream, "read1", None)
    return read1(size) if read1 is not None else stream.read(size)


class _Prefixed(io.RawIOBase):
    """`head`, then the rest of `inner` (or the error that reading it met)."""

    def __init__(self, head: bytes, inner: IO[bytes], failure: BaseException | None = None) -> None:
        self._head, self._inner, self._failure = memoryview(head), inner, failure

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size], self._head = self._head[:size], self._head[size:]
            return size
        if self._failure is not None:
            raise self._failure
        chunk = _read_some(self._inner, len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _decompressed(raw: IO[bytes], budget: _Budget) -> IO[bytes]:
    """Peel off any layers of gzip, bzip2, xz or zstd (a .tar.gz is tar inside gzip)."""
    stream: IO[bytes] = raw
    for _ in range(_MAX_LAYERS + 1):
        head, stream = _head(stream, 6)
        inner = _decompressor(head, stream)
        if inner is None:
            return stream
        stream = _CappedReader(inner, budget)  # type: ignore[assignment]
    raise ValueError(f"more than {_MAX_LAYERS} nested compression layers; refused")


def _decompressor(head: bytes, stream: IO[bytes]) -> IO[bytes] | None:
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=stream)
    if head.startswith(b"BZh"):
        return bz2.BZ2File(stream)
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(stream)
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return _ZstdReader(stream)  # type: ignore[return-value]
    return None


class _ZstdReader(io.RawIOBase):
    """zstd frames one after another, like `zstd -d`; unlike zstandard's stream_reader, a
    truncated last frame is an error instead of a silent short read."""

    def __init__(self, inner: IO[bytes]) -> None:
        import zstandard

        self._new = zstandard.ZstdDecompressor().decompressobj
        self._inner, self._frame, self._pending = inner, self._new(), b""
        self._fed = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            # Small input pieces: zstd has no output limit per call, and 1 kB of a bomb is ~32 MB.
            compressed = self._inner.read(1 << 10)
            if not compressed:
                if self._fed and not self._frame.eof:
                    raise EOFError("truncated zstd stream: the last frame has no end")
                return 0
            self._pending = self._feed(compressed)
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size

    def _feed(self, compressed: bytes) -> bytes:
        out = b""
        while compressed:
            if self._frame.eof:  # the next frame of a multi-frame stream
                self._frame = self._new()
            out += self._frame.decompress(compressed)
            self._fed = True
            compressed = self._frame.unused_data if self._frame.eof else b""
        return out


class _CappedReader(io.RawIOBase):
    """A raw stream whose bytes count against the input's budget (zip and gzip bombs)."""

    def __init__(self, inner: IO[bytes], budget: _Budget) -> None:
        self._inner, self._budget = inner, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = _read_some(self._inner, min(len(buffer), max(self._budget.left + 1, 1)))
        self._budget.take(len(chunk))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _read_capped(stream: IO[bytes], cap: int) -> bytes:
    """At most `cap` bytes, read in pieces: a cap of 1e15 allocates nothing up front."""
    parts: list[bytes] = []
    size = 0
    while size <= cap:
        chunk = stream.read(min(cap + 1 - size, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    if size > cap:
        raise ValueError(f"dump larger than {cap} bytes (--max-dump-bytes)")
    return b"".join(parts)


def _looks_like_jsonl(head: bytes, complete: bool) -> bool:
    """JSONL when most of the first lines start like objects and one of them parses as one: a
    plain dump whose first line is JSON stays text, a JSONL file whose first line is broken does not."""
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()  # exports from Windows tools start with a BOM
    if head[:1] != b"{":
        return False
    lines = head.split(b"\n")
    if not complete and len(lines) > 1:
        lines.pop()  # cut by the sniffing window
    sample = [line.strip() for line in lines if line.strip()][:_JSONL_SAMPLE]
    if len(sample) == 1 and not complete and len(lines) == 1:
        return True  # one line longer than the window that starts like an object: the reader decides
    starts = sum(line[:1] == b"{" for line in sample)
    return starts * 5 >= len(sample) * 4 and any(_is_object(line) for line in sample)


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(orjson.loads(line), dict)
    except orjson.JSONDecodeError:
        return False


def _dump_from_bytes(data: bytes, source: Source) -> Dump:
    text, encoding, warnings = decode_bytes(data)
    if not text.strip():
        warnings.append("empty dump" if not text else "dump holds only whitespace")
    return Dump(text=text, source=source, encoding=encoding, warnings=warnings)


def _checked(dump: Dump, limits: Limits) -> Dump | InputError:
    """The dump, or an error if it has more lines than a dump may have (memory grows per line)."""
    lines = count_lines(dump.text)
    if lines > limits.max_dump_lines:
        message = f"dump has {lines} lines, more than {limits.max_dump_lines} (--max-dump-lines); refused"
        return InputError(where(dump.source), message)
    return dump


# Archives -----------------------------------------------------------------------------------


def _read_tar(stream: IO[bytes], source: Source, options: ReadOptions, budget: _Budget) -> Iterator[Item]:
    said = ""  # the last member's error: a cut archive fails in its member, then again in tarfile
    try:
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                inner = Source(path=source.path, member=_printable(member.name))
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                for item in read_stream(handle, inner, options, budget):
                    said = item.message if isinstance(item, InputError) else said
                    yield item
            offset = archive.offset
            if _has_data_left(archive.fileobj):  # type: ignore[arg-type]
                # tarfile takes a broken header after the first for the end of the archive: say so.
                raise tarfile.TarError(f"corrupt tar header at byte {offset}; the members after it are lost")
    except _READ_ERRORS as err:
        if _describe(err) != said:  # one line per problem, at the member that shows it
            raise


def _has_data_left(stream: IO[bytes]) -> bool:
    """Anything but the zero padding that ends a tar archive."""
    while chunk := stream.read(1 << 16):
        if chunk.strip(b"\0"):
            return True
    return False


def _seekable(stream: IO[bytes], raw: IO[bytes], budget: _Budget) -> IO[bytes]:
    """A zip needs seeking: the file itself when nothing was peeled off it, else a temporary file
    on disk (never the whole archive in memory)."""
    try:
        if raw.seekable() and raw.tell() >= 0 and not isinstance(raw, _CappedReader):
            raw.seek(0)
            head = raw.read(4)
            raw.seek(0)
            if head.startswith(b"PK"):
                return raw
    except (OSError, ValueError, AttributeError):
        pass
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the archive)
    while chunk := stream.read(1 << 20):
        spool.write(chunk)
    spool.seek(0)
    return spool


def _read_zip(handle: IO[bytes], source: Source, options: ReadOptions, budget: _Budget) -> Iterator[Item]:
    """Members one at a time, each streamed through read_stream (never read whole first)."""
    with zipfile.ZipFile(handle) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            inner = Source(path=source.path, member=_printable(info.filename))
            problem = _zip_member_problem(info, budget)
            if problem:
                yield InputError(_where(inner), problem)
                continue
            try:
                member = archive.open(info)
            except (*_READ_ERRORS, RuntimeError) as err:
                yield InputError(_where(inner), _describe(err))
                continue
            with member:
                yield from read_stream(_CappedReader(member, budget), inner, options, budget)  # type: ignore[arg-type]


def _zip_member_problem(info: zipfile.ZipInfo, budget: _Budget) -> str | None:
    if info.flag_bits & 0x1:
        return "member is encrypted; skipped"
    if info.file_size > budget.left:
        return "member larger than what is left of the decompression cap (--max-decompressed); skipped"
    return None


# JSONL --------------------------------------------------------------------------------------


def _jsonl_lines(stream: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) with lines over `cap` bytes skipped to their end and given as None."""
    number = 0
    while raw := stream.readline(min(cap, 1 << 30) + 1):
        number += 1
        if len(raw) > cap and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, raw


def _read_jsonl(stream: IO[bytes], source: Source, options: ReadOptions) -> Iterator[Item]:
    cap = options.limits.max_dump_bytes
    names: set[str] = set()  # --id-field values already used in this input
    for number, raw in _jsonl_lines(stream, cap):
        where = f"{_where(source)}: line {number}"
        if raw is None:
            yield InputError(where, f"line longer than {cap} bytes (--max-dump-bytes); skipped")
            continue
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw)
        except orjson.JSONDecodeError as err:
            yield InputError(where, f"not valid JSON ({err})")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, "not a JSON object")
            continue
        yield _jsonl_dump(obj, number, where, source, options, names)


def _jsonl_dump(
    obj: dict[str, Any], number: int, where: str, source: Source, options: ReadOptions, names: set[str]
) -> Dump | InputError:
    field_name = options.text_field or next((f for f in TEXT_FIELDS if f in obj), None)
    text = obj.get(field_name) if field_name else None
    if not isinstance(text, str):
        wanted = options.text_field or " or ".join(TEXT_FIELDS)
        problem = "is not a string" if field_name in obj else "is missing"
        return InputError(where, f"text field {wanted!r} {problem} (see --text-field)")
    meta = {k: v for k, v in obj.items() if k != field_name}
    inner = Source(
        path=source.path,
        member=source.member,
        index=number - 1,
        url=_string(obj.get("url")),
        date=_string(obj.get("date")),
        meta=meta,
    )
    dump = Dump(text=strip_control(text), source=inner, encoding="json")
    if options.id_field:
        _name_dump(dump, obj.get(options.id_field), options.id_field, names)
    return _checked(dump, options.limits)


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _name_dump(dump: Dump, value: Any, field: str, names: set[str]) -> None:
    """Record ids name the dump by its id field; a missing or repeated value keeps the line index."""
    name = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
    if name is None or not name.strip():
        dump.warnings.append(f"id field {field!r} missing or not a string: the id uses the line index")
    elif name in names:
        dump.warnings.append(f"id {name!r} ({field}) already used in this input: the id uses the line index")
    else:
        names.add(name)
        dump.source.key = name


# Names in messages --------------------------------------------------------------------------


def where(source: Source) -> str:
    """How errors name a dump: path, archive member, dump index within a multi-dump input."""
    base = f"{source.path}:{source.member}" if source.member else source.path
    return f"{base}: record {source.index}" if source.index else base


def _where(source: Source) -> str:
    return f"{source.path}:{source.member}" if source.member else source.path


def _describe(err: BaseException) -> str:
    name = type(err).__name__
    message = str(err) or name
    if isinstance(err, MemoryError):
        return "out of memory reading this input"
    if isinstance(err, EOFError) or "end-of-stream" in message or "Compressed file ended" in message:
        return f"truncated or corrupt compressed data ({message})"
    message = message.strip()
    return message if isinstance(err, ValueError | OSError | tarfile.TarError) else f"{name}: {message}"
