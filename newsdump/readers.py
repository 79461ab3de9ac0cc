"""Inputs to dumps: files, folders, stdin, compressed streams, tar/zip archives, WARC/WET and JSONL.

Formats are recognized by content (magic bytes), not by name, so `dump.txt` that is really gzip, or
a `.jsonl` inside a `.tar.zst`, just work. Every problem is yielded as an `InputError` naming the
input; reading goes on with the next input or member.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import gzip
import io
import lzma
import os
import select
import stat
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import orjson

from . import interrupts
from .decode import decode_bytes, strip_control
from .model import Dump, InputError, Source

TEXT_FIELDS = ("text", "dump", "content", "body")
_READ_ERRORS = (OSError, EOFError, lzma.LZMAError, tarfile.TarError, zipfile.BadZipFile, ValueError)


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps against hostile input; each is reported as a warning or an error when hit."""

    # A news page's text is well under 1 MB; converting a dump takes about 6 times its size in
    # memory (text, lines, keys, features), so 16 MiB keeps any accepted dump within 200 MB of RSS.
    max_dump_bytes: int = 16 * 1024 * 1024
    max_decompressed_bytes: int = 4 * 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadOptions:
    text_field: str | None = None  # JSONL: the field holding the dump; None tries TEXT_FIELDS
    limits: Limits = Limits()


def iter_dumps(inputs: Sequence[str], options: ReadOptions | None = None) -> Iterator[Dump | InputError]:
    """Every dump of every input, in a stable order (folders are walked sorted)."""
    options = options or ReadOptions()
    for given in inputs:
        if given == "-":
            yield from read_stream(_stdin(), Source(path="-"), options)
        elif os.path.isdir(given):
            yield from _read_folder(given, options)
        else:
            yield from _read_file(given, given, options)


def expand_inputs(inputs: Sequence[str]) -> Iterator[str]:
    """The files a run will read (folders expanded), for progress totals."""
    for given in inputs:
        if os.path.isdir(given):
            for path, error in _walk(given):
                if error is None:
                    yield path
        elif given != "-":
            yield given


def input_files(inputs: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(path, name) of every input file, folders expanded; the name is relative to the folder given."""
    for given in inputs:
        if given != "-" and os.path.isdir(given):
            for path, _ in _walk(given):
                yield path, os.path.relpath(path, given)
        else:
            yield given, "stdin" if given == "-" else os.path.basename(given)


def _walk(folder: str, seen: set[tuple[int, int]] | None = None) -> Iterator[tuple[str, OSError | None]]:
    """Files under `folder` in path order (names sorted, folders entered where they sort), hidden
    names skipped; a folder that cannot be listed comes back as its error; symlink loops are cut."""
    seen = set() if seen is None else seen
    try:
        stat = os.stat(folder)
        if (stat.st_dev, stat.st_ino) in seen:  # a symlink loop: walk each real folder once
            return
        seen.add((stat.st_dev, stat.st_ino))
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as err:
        yield folder, err
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False  # a broken entry: reading it as a file reports the problem
        if is_dir:
            yield from _walk(entry.path, seen)
        else:
            yield entry.path, None


def _read_folder(folder: str, options: ReadOptions) -> Iterator[Dump | InputError]:
    for path, error in _walk(folder):
        if error is not None:
            yield InputError(path, f"cannot read folder: {error.strerror or error}")
        else:
            yield from _read_file(path, path, options)


def _read_file(path: str, shown: str, options: ReadOptions) -> Iterator[Dump | InputError]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the `with` below; open errors reported apart)
    except OSError as err:
        yield InputError(shown, err.strerror or str(err))
        return
    if not _is_regular(handle.fileno()):  # a named pipe, /dev/stdin, <(command)
        with handle:
            yield from read_stream(_waiting(handle), Source(path=shown), options)
        return
    with handle:
        if zipfile.is_zipfile(handle):
            handle.seek(0)
            yield from _read_zip(handle, Source(path=shown), options)
            return
        handle.seek(0)
        yield from read_stream(handle, Source(path=shown), options)


def _stdin() -> IO[bytes]:
    try:
        regular = _is_regular(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):  # replaced by a test harness or a host program
        return sys.stdin.buffer
    return sys.stdin.buffer if regular else _waiting(sys.stdin.buffer)


def _is_regular(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


def _waiting(handle: IO[bytes]) -> IO[bytes]:
    """A pipe or terminal, read so that Ctrl-C and SIGTERM end a wait on it (see interrupts.py)."""
    if interrupts.wakeup_fd is None:
        return handle
    return io.BufferedReader(_WaitingReader(handle.fileno()), buffer_size=1 << 16)


class _WaitingReader(interrupts.PolledFd):
    """Reads wait in poll() on the input and the signal wakeup fd, never in read() itself: a signal
    that lands just before a blocking read() begins would wait for the next input to be noticed."""

    def __init__(self, fd: int) -> None:
        super().__init__(fd, select.POLLIN)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._waiter.wait()
        return os.readv(self._fd, [buffer])


def read_stream(raw: IO[bytes], source: Source, options: ReadOptions) -> Iterator[Dump | InputError]:
    """Sniff compression and container format, then hand the stream to the right reader."""
    where = _where(source)
    try:
        stream = _decompressed(raw, options.limits)
        head = stream.peek(1024)[:1024]
        if len(head) > 262 and head[257:262] == b"ustar":
            yield from _read_tar(stream, source, options)
        elif head.startswith(b"WARC/"):
            yield from _read_warc(stream, source)
        elif head.startswith(b"PK\x03\x04"):
            data = _read_capped(stream, options.limits.max_decompressed_bytes, where)
            yield from _read_zip(io.BytesIO(data), source, options)
        elif _looks_like_jsonl(head):
            yield from _read_jsonl(stream, source, options)
        else:
            yield _dump_from_bytes(_read_capped(stream, options.limits.max_dump_bytes, where), source)
    except _READ_ERRORS as err:
        yield InputError(where, _describe(err))


def _decompressed(raw: IO[bytes], limits: Limits) -> io.BufferedReader:
    """Peel off any layers of gzip, bzip2, xz or zstd (a .tar.gz is tar inside gzip)."""
    stream = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
    for _ in range(4):
        head = stream.peek(6)[:6]
        if head.startswith(b"\x1f\x8b"):
            inner: IO[bytes] = gzip.GzipFile(fileobj=stream)
        elif head.startswith(b"BZh"):
            inner = bz2.BZ2File(stream)
        elif head.startswith(b"\xfd7zXZ\x00"):
            inner = lzma.LZMAFile(stream)  # noqa: SIM115 (the reader owns it until the input is done)
        elif head.startswith(b"\x28\xb5\x2f\xfd"):
            inner = _ZstdReader(stream)  # type: ignore[assignment]
        else:
            return stream
        stream = io.BufferedReader(_CappedReader(inner, limits.max_decompressed_bytes))  # type: ignore[arg-type]
    return stream


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
            compressed = self._inner.read(1 << 16)
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
    """A raw stream that refuses to yield more than `cap` bytes (zip and gzip bombs)."""

    def __init__(self, inner: IO[bytes], cap: int) -> None:
        self._inner, self._left = inner, cap

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._inner.read(min(len(buffer), self._left + 1))
        if len(chunk) > self._left:
            raise ValueError("decompressed size exceeds the cap (--max-decompressed); a compression bomb?")
        self._left -= len(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _read_capped(stream: IO[bytes], cap: int, where: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise ValueError(f"dump larger than {cap} bytes (--max-dump-bytes)")
    return data


def _looks_like_jsonl(head: bytes) -> bool:
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()  # exports from Windows tools start with a BOM
    if head[:1] != b"{":
        return False
    line = head.split(b"\n", 1)[0]
    if b"\n" not in head and len(head) >= 1024:
        return True  # a long first line that starts like an object: let the JSONL reader decide
    try:
        return isinstance(orjson.loads(line), dict)
    except orjson.JSONDecodeError:
        return False


def _dump_from_bytes(data: bytes, source: Source) -> Dump:
    text, encoding, warnings = decode_bytes(data)
    if not text.strip():
        warnings.append("empty dump" if not text else "dump holds only whitespace")
    return Dump(text=text, source=source, encoding=encoding, warnings=warnings)


def _read_tar(stream: IO[bytes], source: Source, options: ReadOptions) -> Iterator[Dump | InputError]:
    said = ""  # the last member's error: a cut archive fails in its member, then again in tarfile
    try:
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                inner = Source(path=source.path, member=member.name)
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                for item in read_stream(handle, inner, options):
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


def _read_zip(handle: IO[bytes], source: Source, options: ReadOptions) -> Iterator[Dump | InputError]:
    with zipfile.ZipFile(handle) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            inner = Source(path=source.path, member=info.filename)
            if info.file_size > options.limits.max_decompressed_bytes:
                yield InputError(_where(inner), "member larger than the decompression cap; skipped")
                continue
            try:
                with archive.open(info) as member:
                    data = _read_capped(member, options.limits.max_decompressed_bytes, "")
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as err:
                yield InputError(_where(inner), _describe(err))
                continue
            yield from read_stream(io.BytesIO(data), inner, options)


def _read_warc(stream: IO[bytes], source: Source) -> Iterator[Dump | InputError]:
    """One dump per conversion (WET) or text/plain resource record; a broken record ends the file
    with an error naming the record number and its byte offset (dumps before it are kept)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = ArchiveIterator(stream)
    index = 0
    try:
        while True:
            # warcio prints its warnings (a wrong Content-Length) on stderr: keep them as ours.
            with contextlib.redirect_stderr(io.StringIO()) as said:
                record = next(records, None)
                dump = _warc_dump(record, source, index) if record is not None else None
            if record is None:
                break
            if dump is not None:
                dump.warnings.extend(_warcio_warnings(said.getvalue()))
                index += 1
                yield dump
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as err:
        offset = records.offset if hasattr(records, "offset") else "?"
        raise ValueError(f"WARC record after dump {index}, near byte {offset}: {_describe(err)}") from err


def _warcio_warnings(text: str) -> list[str]:
    return [f"WARC: {' '.join(text.split())[:300]}"] if text.strip() else []


def _warc_dump(record: Any, source: Source, index: int) -> Dump | None:
    if record.rec_type not in ("conversion", "resource"):
        return None
    headers = record.rec_headers
    content_type = (headers.get_header("Content-Type") or "text/plain").lower()
    if record.rec_type == "resource" and not content_type.startswith("text/plain"):
        return None
    data = record.content_stream().read()
    declared = int(headers.get_header("Content-Length") or len(data))
    where = Source(
        path=source.path,
        member=source.member,
        index=index,
        url=headers.get_header("WARC-Target-URI"),
        date=headers.get_header("WARC-Date"),
        meta={"warc_record_id": headers.get_header("WARC-Record-ID")},
    )
    dump = _dump_from_bytes(data, where)
    if len(data) < declared:
        dump.warnings.append(f"WARC record shorter than its Content-Length ({len(data)} of {declared} bytes)")
    return dump


def _jsonl_lines(stream: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) with lines over `cap` bytes skipped to their end and given as None."""
    number = 0
    while raw := stream.readline(cap + 1):
        number += 1
        if len(raw) > cap and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, raw


def _read_jsonl(stream: IO[bytes], source: Source, options: ReadOptions) -> Iterator[Dump | InputError]:
    cap = options.limits.max_dump_bytes
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
        field_name = options.text_field or next((f for f in TEXT_FIELDS if f in obj), None)
        text = obj.get(field_name) if field_name else None
        if not isinstance(text, str):
            wanted = options.text_field or " or ".join(TEXT_FIELDS)
            problem = "is not a string" if field_name in obj else "is missing"
            yield InputError(where, f"text field {wanted!r} {problem} (see --text-field)")
            continue
        meta = {k: v for k, v in obj.items() if k != field_name}
        url = obj.get("url") if isinstance(obj.get("url"), str) else None
        inner = Source(path=source.path, member=source.member, index=number - 1, url=url, meta=meta)
        yield Dump(text=strip_control(text), source=inner, encoding="json")


def where(source: Source) -> str:
    """How errors name a dump: path, archive member, dump index within a multi-dump input."""
    base = f"{source.path}:{source.member}" if source.member else source.path
    return f"{base}: record {source.index}" if source.index else base


def _where(source: Source) -> str:
    return f"{source.path}:{source.member}" if source.member else source.path


def _describe(err: BaseException) -> str:
    name = type(err).__name__
    message = str(err) or name
    if isinstance(err, EOFError) or "end-of-stream" in message or "Compressed file ended" in message:
        return f"truncated or corrupt compressed data ({message})"
    message = message.strip()
    return message if isinstance(err, ValueError | OSError | tarfile.TarError) else f"{name}: {message}"
