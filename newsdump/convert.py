"""Whole runs: dumps in, serialized records out, in input order, on one or many processes.

The main process reads inputs (streaming) and writes output; worker processes run the pipeline.
At most `window` dumps are in flight, so memory stays bounded however large the archive.
"""

from __future__ import annotations

import os
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from .assemble import assemble_records
from .document import Doc
from .model import Dump, InputError
from .pipeline import Pipeline, PipelineOptions
from .readers import ReadOptions, iter_dumps
from .writers import dumps_record


@dataclass(slots=True)
class Converted:
    """The output of one dump: its JSONL bytes and counts for the summary."""

    data: bytes
    articles: int
    warnings: int
    input_bytes: int
    source: str


_PIPELINE: Pipeline | None = None


def _init_worker(options: PipelineOptions) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(options=options)


def convert_dump(dump: Dump, pipeline: Pipeline | None = None) -> Converted:
    """Convert one dump; a failing segmenter costs a warning, never the dump's lines."""
    pipeline = pipeline or _PIPELINE or Pipeline()
    try:
        records = pipeline(dump)
    except Exception as err:  # a bug in a segmenter must not lose the input: keep every line
        where = traceback.extract_tb(err.__traceback__)[-1]
        doc = Doc.from_dump(dump, pipeline.options.max_line_chars)
        doc.warnings.append(
            f"internal error ({type(err).__name__}: {err} at {os.path.basename(where.filename)}:{where.lineno}); "
            "lines left unsegmented"
        )
        records = assemble_records(doc)
    data = b"".join(dumps_record(r) for r in records)
    warnings = sum(len(r["diagnostics"]["warnings"]) for r in records)
    return Converted(data, len(records), warnings, len(dump.text), records[0]["source"]["path"])


def convert_stream(
    dumps: Iterable[Dump | InputError], workers: int = 1, options: PipelineOptions | None = None, window: int = 0
) -> Iterator[Converted | InputError]:
    """Converted dumps (and read errors) in input order."""
    options = options or PipelineOptions()
    if workers <= 1:
        pipeline = Pipeline(options=options)
        for item in dumps:
            yield item if isinstance(item, InputError) else convert_dump(item, pipeline)
        return
    window = window or workers * 16
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options,)) as pool:
        pending: deque[Future[Converted] | InputError] = deque()
        for item in dumps:
            pending.append(item if isinstance(item, InputError) else pool.submit(convert_dump, item))
            while len(pending) >= window:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(item: Future[Converted] | InputError) -> Converted | InputError:
    return item if isinstance(item, InputError) else item.result()


def convert_paths(
    inputs: list[str],
    workers: int = 1,
    read_options: ReadOptions | None = None,
    options: PipelineOptions | None = None,
) -> Iterator[Converted | InputError]:
    return convert_stream(iter_dumps(inputs, read_options), workers, options)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def convert_text(text: str, path: str = "-", **source: Any) -> list[dict[str, Any]]:
    """Convert one dump given as text; the library's simplest entry point."""
    from .model import Source

    return Pipeline()(Dump(text=text, source=Source(path=path, **source)))
