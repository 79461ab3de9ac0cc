"""What a run tells a human, on stderr: a progress bar on a terminal, error lines, a summary."""

from __future__ import annotations

import os
import stat
import sys
import time
from types import TracebackType
from typing import Any

from .interrupts import deferred
from .model import InputError, InputNotice


class Reporter:
    """Counts a run's dumps, articles, warnings and failures; shows progress only on a terminal."""

    def __init__(self, inputs: list[str], quiet: bool = False) -> None:
        self.quiet = quiet
        self.interactive = sys.stderr.isatty() and not quiet
        self.dumps = self.articles = self.warnings = self.failures = self.bytes = 0
        self.started = time.perf_counter()
        self._inputs = inputs
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Reporter:
        if self.interactive:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            total = plain_text_bytes(self._inputs)
            self._progress = Progress(
                TextColumn("{task.fields[dumps]} dumps"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            with deferred():  # its refresh thread must leave Ctrl-C to the main thread (interrupts.py)
                self._progress.start()
            self._task = self._progress.add_task("convert", total=total, dumps=0)
        return self

    def add(self, item: Any) -> None:
        if isinstance(item, InputError):
            self.failures += 1
            self.error(str(item))
            return
        if isinstance(item, InputNotice):
            self.warning(str(item))
            return
        self.dumps += 1
        self.articles += item.articles
        self.warnings += item.warnings
        self.bytes += item.input_bytes
        if self._progress is not None:
            self._progress.update(self._task, completed=self.bytes, dumps=self.dumps)

    def add_file(self, result: Any) -> None:
        """A whole input converted elsewhere (a Dask task): its counts and its errors."""
        for message in result.errors:
            self.failures += 1
            self.error(message)
        for message in result.notices:
            self.warning(message)
        self.dumps += result.dumps
        self.articles += result.articles
        self.warnings += result.warnings
        self.bytes += result.text_bytes
        if self._progress is not None:
            self._progress.update(self._task, completed=self.bytes, dumps=self.dumps)

    def note(self, message: str) -> None:
        """Something the user should know that is no failure (a capped option)."""
        if not self.quiet:
            sys.stderr.write(f"newsdump: note: {message}\n")

    def error(self, message: str) -> None:
        self._say(f"newsdump: error: {message}")

    def warning(self, message: str) -> None:
        """What costs no data but deserves a word; shown unless --quiet."""
        if not self.quiet:
            self._say(f"newsdump: warning: {message}")

    def _say(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            sys.stderr.write(line + "\n")

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
        if self.interactive and kind is None:
            sys.stderr.write(self.summary() + "\n")

    def summary(self) -> str:
        seconds = max(time.perf_counter() - self.started, 1e-9)
        megabytes = self.bytes / 1e6
        return (
            f"newsdump: {self.dumps} dumps, {self.articles} articles, {self.warnings} warnings, "
            f"{self.failures} failed; {megabytes:.1f} MB of text in {seconds:.1f} s "
            f"({megabytes / seconds:.1f} MB/s)"
        )


# Stored sizes tell how much text is coming only for plain files; a compressed or archived input
# holds an unknown amount, and the bar then shows no total rather than a wrong one.
_PACKED = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd", b"PK\x03\x04", b"PK\x05\x06", b"WARC/")


def plain_text_bytes(inputs: list[str]) -> int | None:
    """The bytes of text the inputs hold, as the bar and the summary count them (UTF-8 text of
    every dump), when that can be told from the stored sizes: None if an input is compressed, an
    archive, WARC or stdin."""
    from .readers import expand_inputs

    if "-" in inputs:
        return None
    total = 0
    for path in expand_inputs(inputs):
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return None  # a pipe: opening it could block, reading it would take its data
            with open(path, "rb") as handle:
                head = handle.read(512)
                size = os.fstat(handle.fileno()).st_size
        except OSError:
            continue
        if head.startswith(_PACKED) or head[257:262] == b"ustar":
            return None
        total += size
    return total or None
