"""Records out: JSONL via orjson, to stdout or to a file compressed by its suffix, written atomically."""

from __future__ import annotations

import bz2
import contextlib
import gzip
import lzma
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, Any

import orjson


def dumps_record(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record) + b"\n"


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[bytes]]:
    """Stdout for None or "-"; else a temporary file beside `path`, renamed over it on success only."""
    if path in (None, "-"):
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    folder = os.path.dirname(os.path.abspath(path)) or "."
    fd, temp = tempfile.mkstemp(prefix=".newsdump-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as raw, _compressor(raw, path) as out:
            yield out
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


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
    flight and `--resume` can trust every file it finds."""

    def __init__(self, out_dir: str) -> None:
        self.out_dir = out_dir
        os.makedirs(out_dir, exist_ok=True)
        self._temp: str | None = None
        self._handle: IO[bytes] | None = None

    def write(self, data: bytes) -> None:
        if self._handle is None:
            fd, self._temp = tempfile.mkstemp(prefix=".newsdump-", suffix=".part", dir=self.out_dir)
            self._handle = os.fdopen(fd, "wb")
        self._handle.write(data)

    def finish(self, output: str) -> bool:
        """Move the current input's records to `output`; False if it produced none."""
        if self._handle is None or self._temp is None:
            return False
        self._handle.close()
        os.makedirs(os.path.dirname(output) or ".", exist_ok=True)
        os.replace(self._temp, output)
        self._handle = self._temp = None
        return True

    def __enter__(self) -> DirWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temp)
