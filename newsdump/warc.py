"""WARC/WET records to dumps, framed here so that a wrong Content-Length costs one warning.

A WARC record is a `WARC/1.x` line, header lines, a blank line, `Content-Length` bytes of block
and a blank line. Crawls get that length wrong (a record cut short, a 20-digit number): warcio then
loses every record after the bad one. Here each block is checked against the next header: a length
that runs into the next record ends the block at that header, a length that stops short of it
extends the block to it, and an unreadable length reads to it, each with a warning on the dump.
One dump per conversion record (WET) and per text/plain resource record; other records are skipped
and counted in one notice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

import regex

from .model import Dump, InputError, InputNotice, Source

if TYPE_CHECKING:
    from .readers import Limits

_CHUNK = 1 << 16
_MAX_HEADER_BYTES = 1 << 16
_START = regex.compile(rb"WARC/1\.[0-9]\r?\n")
# The end of a block and the start of the next record: a blank line, `WARC/1.x`, a header name.
_NEXT = regex.compile(rb"\r?\n\r?\n(?P<start>WARC/1\.[0-9]\r?\n[A-Za-z][A-Za-z0-9-]*:)")
# After bytes that are no record: the next line that starts one.
_RESYNC = regex.compile(rb"\n(?P<start>WARC/1\.[0-9]\r?\n[A-Za-z][A-Za-z0-9-]*:)")
_OVERLAP = 64  # bytes held back between chunks so that _NEXT is found across chunk ends
_KEPT_TYPES = ("conversion", "resource")
_NO_PAGE_TYPES = ("warcinfo", "request", "metadata")  # skipped without a word: they never hold a page


@dataclass(slots=True)
class _Block:
    data: bytearray | None  # None: not kept (another record type, or over the cap)
    size: int = 0
    ended_at_next: bool = False  # the next record's header came before the declared length
    short: bool = False  # the input ended before the declared length
    notes: list[str] = field(default_factory=list)


class _Scanner:
    """A byte stream with an offset, read-ahead and push-back."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream, self._buffer, self.offset = stream, bytearray(), 0

    def _fill(self, size: int) -> bool:
        while len(self._buffer) < size:
            chunk = self._stream.read(max(size - len(self._buffer), _CHUNK))
            if not chunk:
                return False
            self._buffer += chunk
        return True

    def read(self, size: int) -> bytes:
        self._fill(size)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        self.offset += len(data)
        return data

    def peek(self, size: int) -> bytes:
        self._fill(size)
        return bytes(self._buffer[:size])

    def readline(self, limit: int) -> bytes:
        while True:
            end = self._buffer.find(b"\n", 0, limit)
            if end >= 0:
                return self.read(end + 1)
            if len(self._buffer) >= limit or not self._fill(len(self._buffer) + 1):
                return self.read(limit)

    def unread(self, data: bytes) -> None:
        self._buffer[:0] = data
        self.offset -= len(data)


def read_warc(
    stream: IO[bytes], source: Source, limits: Limits, checked: Callable[[Dump, Limits], Dump | InputError]
) -> Iterator[Dump | InputError | InputNotice]:
    """One dump per conversion or text/plain resource record, in order; problems as warnings on the
    dump, or errors naming the record and its byte offset; other record types counted in one notice."""
    scan = _Scanner(stream)
    base = f"{source.path}:{source.member}" if source.member else source.path
    index = 0
    skipped: Counter[str] = Counter()
    while True:
        start = scan.offset
        line = scan.readline(_MAX_HEADER_BYTES)
        if not line:
            break
        if not _START.fullmatch(line):
            if line.strip():
                yield _junk(scan, line, start, base)
            continue
        headers = _headers(scan)
        if headers is None:
            yield InputError(base, f"WARC record after dump {index}, at byte {start}: cut inside its header")
            break
        kind = _kept_kind(headers)
        if kind is None and _skip_reason(headers) not in _NO_PAGE_TYPES:
            skipped[_skip_reason(headers)] += 1
        block = _block(scan, headers, limits.max_dump_bytes if kind else None)
        if kind is None:
            continue
        at = f"{base}: record {index}" if index else base
        if block.data is None:
            yield InputError(
                at,
                f"WARC record at byte {start} larger than {limits.max_dump_bytes} bytes (--max-dump-bytes); skipped",
            )
        else:
            yield checked(_dump(bytes(block.data), headers, source, index, block), limits)
        index += 1
    if sum(skipped.values()):
        yield InputNotice(base, _skipped_note(skipped))


def _junk(scan: _Scanner, line: bytes, start: int, base: str) -> InputError:
    scan.unread(line)
    block = _run_to_next(scan, None, pattern=_RESYNC)
    return InputError(
        base, f"bytes {start}-{start + block.size} are not a WARC record; skipped to the next record"
    )


def _headers(scan: _Scanner) -> dict[str, str] | None:
    headers: dict[str, str] = {}
    used = 0
    last = ""
    while True:
        line = scan.readline(_MAX_HEADER_BYTES)
        used += len(line)
        if not line or used > _MAX_HEADER_BYTES:
            return None
        if not line.strip():
            return headers
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if text[:1] in (" ", "\t") and last:  # a folded header line
            headers[last] += " " + text.strip()
            continue
        name, sep, value = text.partition(":")
        if sep:
            last = name.strip().lower()
            headers[last] = value.strip()


def _kept_kind(headers: dict[str, str]) -> str | None:
    kind = headers.get("warc-type", "").lower()
    if kind not in _KEPT_TYPES:
        return None
    content_type = (headers.get("content-type") or "text/plain").lower()
    if kind == "resource" and not content_type.startswith("text/plain"):
        return None
    return kind


def _skip_reason(headers: dict[str, str]) -> str:
    return headers.get("warc-type", "").lower() or "untyped"


def _skipped_note(skipped: Counter[str]) -> str:
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
    return (
        f"{sum(skipped.values())} WARC records skipped ({counts}): newsdump reads conversion (WET) and "
        "text/plain resource records, not HTML"
    )


def _block(scan: _Scanner, headers: dict[str, str], cap: int | None) -> _Block:
    declared = headers.get("content-length", "").strip()
    if not (declared.isascii() and declared.isdigit() and len(declared) <= 18):
        block = _run_to_next(scan, cap)
        block.notes.append(f"WARC Content-Length {declared[:30]!r} is not a length: read to the next record")
        return block
    length = int(declared)
    block = _run_to_next(scan, cap, limit=length)
    if block.ended_at_next:
        block.notes.append(
            f"WARC Content-Length {length} runs into the next record: cut there at {block.size} bytes"
        )
    elif block.short:
        block.notes.append(f"WARC record shorter than its Content-Length ({block.size} of {length} bytes)")
    elif not _at_next_record(scan):
        rest = _run_to_next(scan, None if block.data is None else cap - block.size)
        if block.data is not None and rest.data is not None:
            block.data += rest.data
        elif block.data is not None:
            block.data = None  # the real block is over the cap
        block.notes.append(
            f"WARC Content-Length {length} too small: the block runs on for {rest.size} bytes to the next record"
        )
        block.size += rest.size
    return block


def _at_next_record(scan: _Scanner) -> bool:
    """After a block: its blank line, then the next record or the end of the input."""
    ending = scan.peek(4)
    skip = len(ending) - len(ending.lstrip(b"\r\n"))
    if skip:
        scan.read(skip)
    following = scan.peek(8)
    if not following or following.startswith(b"WARC/1."):
        return True
    scan.unread(ending[:skip])
    return False


def _run_to_next(
    scan: _Scanner, cap: int | None, limit: int | None = None, pattern: regex.Pattern[bytes] = _NEXT
) -> _Block:
    """Read a block up to `limit` bytes (None: no length known) or to the next record's header,
    whichever comes first; kept in memory up to `cap` bytes (None: counted, not kept)."""
    block = _Block(bytearray() if cap is not None else None)
    held = b""
    while limit is None or block.size + len(held) < limit:
        want = _CHUNK if limit is None else min(_CHUNK, limit - block.size - len(held))
        chunk = scan.read(want)
        if not chunk:
            block.short = limit is not None
            break
        window = held + chunk
        found = pattern.search(window)
        if found is not None:
            _keep(block, window[: found.start()], cap)
            scan.unread(window[found.start("start") :])
            block.ended_at_next = True
            return block
        _keep(block, window[:-_OVERLAP], cap)
        held = window[-_OVERLAP:]
    _keep(block, held, cap)
    return block


def _keep(block: _Block, data: bytes, cap: int | None) -> None:
    block.size += len(data)
    if block.data is not None and cap is not None:
        if len(block.data) + len(data) > cap:
            block.data = None
        else:
            block.data += data


def _dump(data: bytes, headers: dict[str, str], source: Source, index: int, block: _Block) -> Dump:
    from .readers import _dump_from_bytes

    meta: dict[str, Any] = {"warc_record_id": headers.get("warc-record-id")}
    if headers.get("warc-identified-content-language"):
        meta["warc_identified_content_language"] = headers["warc-identified-content-language"]
    where = Source(
        path=source.path,
        member=source.member,
        index=index,
        url=headers.get("warc-target-uri") or None,
        date=headers.get("warc-date") or None,
        meta=meta,
    )
    dump = _dump_from_bytes(data, where)
    dump.warnings.extend(block.notes)
    return dump
