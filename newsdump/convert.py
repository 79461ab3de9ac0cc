"""Whole runs: dumps in, serialized records out, in input order, on one or many processes.

The main process reads inputs (streaming) and writes output; worker processes run the pipeline.
At most `window` dumps are in flight, so memory stays bounded however large the archive. A worker
that dies (killed, out of memory) breaks the pool: the dumps in flight are retried one at a time in
a fresh pool, and a dump that kills a worker again is reported as failed. The run never hangs.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import orjson

from .assemble import assemble_records
from .document import Doc
from .interrupts import STOP_SIGNALS, deferred
from .model import Dump, InputError
from .pipeline import Pipeline, PipelineOptions
from .readers import ReadOptions, iter_dumps, where
from .record import Record
from .writers import dumps_record


@dataclass(slots=True)
class Converted:
    """The output of one dump: its JSONL bytes and counts for the summary."""

    data: bytes
    articles: int
    warnings: int
    input_bytes: int
    source: str


Converter = Callable[[Dump], Converted]
_PIPELINE: Pipeline | None = None
_PARENT_POLL_SECONDS = 0.5


def _init_worker(options: PipelineOptions, parent: int) -> None:
    global _PIPELINE
    # The main process alone handles Ctrl-C and SIGTERM (and cleans up); workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # blocked by `deferred` in _submit_dump
    _watch_parent(parent)  # the pid the pool was made in: getppid() here is already 1 if it died before
    _PIPELINE = Pipeline(options=options)


def _watch_parent(parent: int) -> None:
    """A worker whose main process died (kill -9) waits forever on its task queue: a thread ends
    it once it has been handed to another parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="newsdump-parent-watch", daemon=True).start()


def convert_dump(dump: Dump, pipeline: Pipeline | None = None) -> Converted:
    """Convert one dump; a failing segmenter costs a warning, never the dump's lines, and a record
    that cannot be written as JSON costs a warning, never the run."""
    pipeline = pipeline or _PIPELINE or Pipeline()
    try:
        records = pipeline(dump)
        data = serialized(records)
    except Exception as err:  # a bug in a segmenter must not lose the input: keep every line
        frame = traceback.extract_tb(err.__traceback__)[-1]
        doc = Doc.from_dump(dump, pipeline.options.max_line_chars)
        doc.warnings.append(
            f"internal error ({type(err).__name__}: {err} at {os.path.basename(frame.filename)}:{frame.lineno}); "
            "lines left unsegmented"
        )
        records = assemble_records(doc)
        data = serialized(records)
    warnings = sum(len(r["diagnostics"]["warnings"]) for r in records)
    text_bytes = len(dump.text.encode("utf-8", "surrogatepass"))  # what progress and summary count
    return Converted(data, len(records), warnings, text_bytes, records[0]["source"]["path"])


def serialized(records: list[dict[str, Any]]) -> bytes:
    """The records as JSONL; one that orjson refuses (a field nested past its depth limit, text
    holding lone surrogates) is made writable and says so in its warnings."""
    out = []
    for record in records:
        try:
            out.append(dumps_record(record))
        except (TypeError, orjson.JSONEncodeError) as err:
            fixed = _writable(record, 0)
            warnings = fixed["diagnostics"]["warnings"] = list(fixed["diagnostics"]["warnings"])
            warnings.append(f"record not writable as JSON ({err}): {_WRITABLE_NOTE}")
            out.append(dumps_record(fixed))
    return b"".join(out)


_MAX_DEPTH = 64  # orjson refuses past 254 levels; records need fewer than 10
_WRITABLE_NOTE = f"values nested deeper than {_MAX_DEPTH} levels replaced by null, broken text escaped"


def _writable(value: Any, depth: int) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if isinstance(value, dict | list | tuple) and depth >= _MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {_writable(str(k), depth): _writable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_writable(v, depth + 1) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1 << 63:
        return str(value)
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def convert_stream(
    items: Iterable[Any],
    workers: int = 1,
    options: PipelineOptions | None = None,
    window: int = 0,
    converter: Converter = convert_dump,
) -> Iterator[Any]:
    """Each Dump converted (a Converted, or an InputError if it killed a worker twice); anything
    else (read errors, markers) passed through; all in input order."""
    options = options or PipelineOptions()
    items = iter(items)
    head = _until_second_dump(items) if workers > 1 else []
    if workers <= 1 or sum(isinstance(item, Dump) for item in head) < 2:
        # One dump (a single file, a shell one-liner): starting worker processes costs more than it.
        pipeline = Pipeline(options=options)
        for item in itertools.chain(head, items):
            yield _convert_here(item, pipeline, converter) if isinstance(item, Dump) else item
        return
    yield from _Pool(workers, options, converter).run(itertools.chain(head, items), window or workers * 8)


def _until_second_dump(items: Iterator[Any]) -> list[Any]:
    """The items up to and including the second dump (all of them if there are fewer)."""
    head: list[Any] = []
    dumps = 0
    for item in items:
        head.append(item)
        dumps += isinstance(item, Dump)
        if dumps == 2:
            break
    return head


def _convert_here(dump: Dump, pipeline: Pipeline, converter: Converter) -> Converted:
    return convert_dump(dump, pipeline) if converter is convert_dump else converter(dump)


class _Pool:
    """A process pool that survives the death of its workers."""

    def __init__(self, workers: int, options: PipelineOptions, converter: Converter) -> None:
        self.workers, self.options, self.converter = workers, options, converter
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, initializer=_init_worker, initargs=(self.options, os.getpid())
        )

    def run(self, items: Iterable[Any], window: int) -> Iterator[Any]:
        pending: deque[tuple[Any, Future[Converted] | None]] = deque()
        try:
            for item in items:
                pending.append((item, self._submit(item)))
                while len(pending) >= window:
                    yield from self._next(pending)
            while pending:
                yield from self._next(pending)
        except BaseException:
            self.pool.shutdown(wait=False, cancel_futures=True)
            raise
        # Idle workers exit at once. Not waiting races CPython 3.11's exit hook, which may write to
        # the pool's wake-up pipe as its thread closes it ("Exception ignored ... Bad file descriptor").
        self.pool.shutdown(wait=True)

    def _submit(self, item: Any) -> Future[Converted] | None:
        if not isinstance(item, Dump):
            return None
        try:
            return self._submit_dump(item)
        except BrokenProcessPool:
            return None  # resolved by _next, which restarts the pool

    def _submit_dump(self, dump: Dump) -> Future[Converted]:
        # Submitting may start the pool's threads and worker processes: they inherit a mask that
        # leaves Ctrl-C and SIGTERM to the main thread (see interrupts.py).
        with deferred():
            return self.pool.submit(self.converter, dump)

    def _next(self, pending: deque[tuple[Any, Future[Converted] | None]]) -> Iterator[Any]:
        item, future = pending.popleft()
        if not isinstance(item, Dump):
            yield item
            return
        try:
            if future is None:
                raise BrokenProcessPool("pool already broken")
            yield future.result()
            return
        except BrokenProcessPool:
            pass
        # A worker died: every dump in flight is suspect. Retry each alone, then carry on.
        suspects = [item, *(queued for queued, _ in pending)]
        pending.clear()
        self._restart()
        for suspect in suspects:
            yield self._alone(suspect) if isinstance(suspect, Dump) else suspect

    def _alone(self, dump: Dump) -> Converted | InputError:
        try:
            return self._submit_dump(dump).result()
        except BrokenProcessPool:
            self._restart()
            return InputError(where(dump.source), "a worker process died converting this dump (killed?)")

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()


def convert_paths(
    inputs: list[str],
    workers: int = 1,
    read_options: ReadOptions | None = None,
    options: PipelineOptions | None = None,
) -> Iterator[Converted | InputError]:
    return convert_stream(iter_dumps(inputs, read_options), workers, options)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def convert_text(
    text: str | bytes, path: str = "-", *, lang: str | None = None, **source: Any
) -> list[Record]:
    """Convert one dump; the library's simplest entry point.

    `text` is the dump as text, or as bytes decoded as files are (BOM, UTF-16, legacy encodings;
    the one used is in `diagnostics.encoding`). `lang`, an ISO 639-1 code, is every record's
    language instead of the detected one, as `--lang` is. Other keywords fill the record's source
    (`url`, `date`, `member`, `meta` ...).
    """
    from .decode import decode_bytes
    from .model import Source

    options = PipelineOptions(lang=_library_lang(lang))
    if isinstance(text, bytes | bytearray | memoryview):
        decoded, encoding, warnings = decode_bytes(bytes(text))
        dump = Dump(decoded, Source(path=path, **source), encoding, warnings)
    elif isinstance(text, str):
        dump = Dump(text=text, source=Source(path=path, **source))
    else:
        raise TypeError(f"convert_text takes str or bytes, not {type(text).__name__}")
    return Pipeline(options=options)(dump)  # type: ignore[return-value]


def _library_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    from .langid import is_language_code

    code = lang.strip().lower()
    if not is_language_code(code):
        raise ValueError(f"lang={lang!r} is not an ISO 639-1 language code newsdump knows (like en, ar, zh)")
    return code


@dataclass(frozen=True, slots=True)
class InputDone:
    """Marks the end of one input's dumps in the stream (for --output-dir)."""

    path: str
    output: str


def output_path(out_dir: str, name: str, suffix: str = ".jsonl") -> str:
    return os.path.join(out_dir, name + suffix)


def dir_stream(
    inputs: list[str],
    out_dir: str,
    resume: bool,
    read_options: ReadOptions | None = None,
    suffix: str = ".jsonl",
) -> Iterator[Dump | InputError | InputDone]:
    """Each input's dumps followed by its InputDone marker; with `resume`, inputs whose output
    file exists are skipped (outputs are renamed into place only when complete). Files inside
    `out_dir` are outputs, never inputs, even when `out_dir` lies in an input folder."""
    from .readers import input_files

    used: set[str] = set()
    outputs = os.path.realpath(out_dir) + os.sep
    for path, name in input_files(inputs):
        if path != "-" and os.path.realpath(path).startswith(outputs):
            continue
        unique, copy = name, 1
        while unique in used:  # two inputs named alike (a/x.txt, b/x.txt): x.txt, x.txt~2
            copy += 1
            unique = f"{name}~{copy}"
        used.add(unique)
        output = output_path(out_dir, unique, suffix)
        if resume and os.path.exists(output):
            continue
        yield from iter_dumps([path], read_options)
        yield InputDone(path, output)
