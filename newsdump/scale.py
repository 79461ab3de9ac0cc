"""Past one machine: inputs and outputs named by fsspec URLs, one Dask task per input file or chunk.

newsdump does not schedule work itself: a Dask cluster does (`--scheduler tcp://host:8786`, or
`local:N` for a LocalCluster of N worker processes). Each task converts one input file to one output
file named after it, written under a temporary name and moved into place when complete, so a rerun
with `resume=True` skips what is finished and a killed worker costs only its task, which Dask retries.

When there are fewer inputs than twice the cluster's threads, an input stored larger than
`chunk_bytes` (one big JSONL, WARC or tar) would keep one worker busy while others idle: a first
task counts its dumps, then each chunk of consecutive dumps is a task of its own, and a last task
concatenates the chunk outputs into the input's one output file. A chunk reads past the earlier
dumps without converting them (~50 MB/s of text against ~0.5 MB/s converted), so K chunks cost
about K/200 of the conversion in extra reading: hence at most `max_chunks`, and no chunks at all
when the inputs alone keep every thread busy.

`convert_path` and `convert_file` are plain picklable functions: they also serve Spark
(`mapPartitions`) or datatrove (see the README's "Scaling out" section).
"""

from __future__ import annotations

import math
import os
import posixpath
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import count, islice
from typing import Any

from .convert import convert_dump
from .model import Dump, InputError, InputNotice, Source
from .pipeline import Pipeline, PipelineOptions
from .readers import ReadOptions, read_stream

OUTPUT_SUFFIX = ".jsonl"
CHUNK_BYTES = 4 * 1024 * 1024  # inputs stored larger are split: ~15 MB of text once gunzipped, ~30 s of work
MAX_CHUNKS = 8  # per input: every chunk re-reads the input up to its start (see above)


@dataclass(slots=True)
class FileResult:
    """What one task did: the input, its output, counts, and the errors met on the way."""

    input: str
    output: str
    dumps: int = 0
    articles: int = 0
    warnings: int = 0
    text_bytes: int = 0  # UTF-8 bytes of the dumps' text, as a local run's summary counts them
    skipped: bool = False
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # no data lost: a local run's warning lines


def expand(urls: list[str]) -> list[str]:
    """Input files behind URLs, folders and globs (any fsspec protocol), sorted, protocol kept."""
    return [file for file, _ in expand_with_roots(urls)]


def expand_with_roots(urls: list[str]) -> list[tuple[str, str]]:
    """(file, the folder it was found under) for every input file, so outputs keep relative paths."""
    return [(file, root) for file, root, _ in expand_sized(urls)]


def expand_sized(urls: list[str], exclude: str | None = None) -> list[tuple[str, str, int]]:
    """(file, its root folder, its stored size): one listing call per folder, no call per file."""
    files, problems = expand_checked(urls, exclude)
    if problems:
        raise FileNotFoundError(problems[0][1], problems[0][0])
    return files


def expand_checked(
    urls: list[str], exclude: str | None = None
) -> tuple[list[tuple[str, str, int]], list[tuple[str, str]]]:
    """The input files behind `urls` (as `expand_sized`), and (url, what is wrong) for each URL that
    names nothing readable. Files under `exclude` (the output folder) are left out. Local paths
    are named as a local run names them: as given, folders joined to the names found in them."""
    import fsspec

    files: list[tuple[str, str, int]] = []
    problems: list[tuple[str, str]] = []
    for url in urls:
        try:
            fs, _, paths = fsspec.get_fs_token_paths(url)
            if not paths:
                raise FileNotFoundError(f"no file matches {url}")
            for path in paths:
                files.extend(_listed(fs, url, path, any(c in url for c in "*?[")))
        except OSError as err:
            problems.append((url, err.strerror or str(err) or type(err).__name__))
    if exclude is not None:
        below = _comparable(exclude).rstrip("/") + "/"
        files = [f for f in files if not _comparable(f[0]).startswith(below)]
    return files, problems


def _listed(fs: Any, url: str, path: str, globbed: bool) -> list[tuple[str, str, int]]:
    info = fs.info(path)
    is_dir = info["type"] == "directory"
    found = fs.find(path, detail=True) if is_dir else {path: info}
    base = path if is_dir else posixpath.dirname(path)
    shown = [
        (_shown(fs, url, path, p, globbed), found[p].get("size") or 0)
        for p in sorted(found)
        if not any(part.startswith(".") for part in posixpath.relpath(p, base).split("/"))
    ]
    root = _shown(fs, url, path, base, globbed) if is_dir else posixpath.dirname(shown[0][0]) if shown else ""
    return [(name, root, size) for name, size in shown]


def _shown(fs: Any, url: str, path: str, found: str, globbed: bool) -> str:
    """How a local run names `found`: as given, or `url` joined to its path below `path`."""
    if "://" in url:
        return _unstrip(fs, url, found)
    if globbed:
        return found if os.path.isabs(url) else os.path.relpath(found)
    if found == path:
        return url
    return os.path.join(url, posixpath.relpath(found, path))


def _comparable(url: str) -> str:
    return url if "://" in url else os.path.abspath(url)


def _unstrip(fs: Any, original: str, path: str) -> str:
    return fs.unstrip_protocol(path) if "://" in original else path


def convert_path(
    url: str, read_options: ReadOptions | None = None, options: PipelineOptions | None = None
) -> Iterator[dict[str, Any] | InputError]:
    """Records of every dump in one input (any fsspec URL); read errors come as `InputError`s."""
    import fsspec

    pipeline = Pipeline(options=options)
    with fsspec.open(url, "rb") as handle:
        for item in read_stream(handle, Source(path=url), read_options or ReadOptions()):
            if isinstance(item, InputError):
                yield item
            elif isinstance(item, Dump):  # not a notice (WARC records of other types)
                yield from pipeline(item)


def output_url(input_url: str, root: str, output_dir: str) -> str:
    """The output file of an input: its path below the input root, folders joined by `__`."""
    relative = input_url[len(root) :].lstrip("/") if input_url.startswith(root) and input_url != root else ""
    name = (relative or posixpath.basename(input_url)).replace("/", "__")
    return posixpath.join(output_dir.rstrip("/"), name + OUTPUT_SUFFIX)


def convert_file(
    input_url: str,
    output: str,
    read_options: ReadOptions | None = None,
    options: PipelineOptions | None = None,
    resume: bool = False,
    items: tuple[int, int] | None = None,
) -> FileResult:
    """One task: convert `input_url` into the JSONL file `output`, atomically (temp name, then move).

    `items`: only the dumps (and read errors) numbered start <= i < stop in the input, for a chunk.
    """
    import fsspec

    result = FileResult(input=input_url, output=output)
    fs, out_path = fsspec.core.url_to_fs(output)
    if resume and fs.exists(out_path):
        result.skipped = True
        return result
    part = out_path + ".part"
    fs.makedirs(posixpath.dirname(out_path), exist_ok=True)
    pipeline = Pipeline(options=options)
    try:
        source_file = fsspec.open(input_url, "rb").open()
    except OSError as err:  # gone or unreadable since it was listed: that input's error line
        result.errors.append(f"{input_url}: {err.strerror or err}")
        return result
    with source_file as source, fs.open(part, "wb") as sink:
        stream = read_stream(source, Source(path=input_url), read_options or ReadOptions())
        for item in islice(stream, *items) if items else stream:
            if isinstance(item, InputError):
                result.errors.append(str(item))
                continue
            if isinstance(item, InputNotice):
                result.notices.append(str(item))
                continue
            converted = convert_dump(item, pipeline)
            sink.write(converted.data)
            result.dumps += 1
            result.articles += converted.articles
            result.warnings += converted.warnings
            result.text_bytes += converted.input_bytes
    fs.mv(part, out_path)
    return result


def plan_chunks(
    input_url: str, output: str, chunks: int, read_options: ReadOptions | None = None, resume: bool = False
) -> list[tuple[int, int]] | None:
    """A task: the item ranges of about `chunks` chunks of one input (None: resumed, already done)."""
    import fsspec

    fs, out_path = fsspec.core.url_to_fs(output)
    if resume and fs.exists(out_path):
        return None
    with fsspec.open(input_url, "rb") as source:
        total = sum(1 for _ in read_stream(source, Source(path=input_url), read_options or ReadOptions()))
    return split_range(total, chunks)


def split_range(total: int, chunks: int) -> list[tuple[int, int]]:
    """`range(total)` cut into at most `chunks` consecutive (start, stop) pieces of near-equal length."""
    chunks = max(1, min(chunks, total))
    bounds = [total * k // chunks for k in range(chunks + 1)]
    return list(zip(bounds, bounds[1:], strict=False))


def chunk_url(output: str, index: int) -> str:
    return f"{output}.chunk{index:05d}"


def merge_chunks(output: str, count: int) -> None:
    """A task: the chunk outputs of one input concatenated, in order, into its output; then removed."""
    import fsspec

    fs, out_path = fsspec.core.url_to_fs(output)
    parts = [fsspec.core.url_to_fs(chunk_url(output, k))[1] for k in range(count)]
    with fs.open(out_path + ".part", "wb") as sink:
        for path in parts:
            with fs.open(path, "rb") as chunk:
                shutil.copyfileobj(chunk, sink, 1 << 20)
    fs.mv(out_path + ".part", out_path)
    fs.rm(parts)


def run_on_dask(
    inputs: list[str],
    output_dir: str,
    scheduler: str,
    read_options: ReadOptions | None = None,
    options: PipelineOptions | None = None,
    resume: bool = False,
    task: Callable[..., FileResult] = convert_file,
    chunk_bytes: int = CHUNK_BYTES,
    max_chunks: int = MAX_CHUNKS,
) -> Iterator[FileResult]:
    """Convert every input file on a Dask cluster: one result per input, as each finishes (not in input
    order). Large inputs are converted in chunks when the inputs are too few to keep the cluster busy."""
    files, problems = expand_checked(inputs, exclude=output_dir)
    for url, problem in problems:  # as a local run: one error line each, the others converted
        yield FileResult(input=url, output="", errors=[f"{url}: {problem}"])
    in_memory = any(f.startswith("memory://") for f in [*(f for f, _, _ in files), output_dir])
    with dask_client(scheduler, in_memory) as client:
        # options ride in every task: scattered once, they would die with a lone worker, unretryable
        run = _Run(client, task, (read_options, options, resume))
        # tasks per input that would give every thread two: 1 (no chunks) once inputs are that many
        wanted = math.ceil(2 * sum(client.nthreads().values()) / max(len(files), 1))
        for file, root, size in files:
            output = output_url(file, root, output_dir)
            chunks = min(math.ceil(size / chunk_bytes), max_chunks, wanted)
            if chunks > 1:
                planned = partial(run.split, file, output)
                run.submit(planned, plan_chunks, file, output, chunks, read_options, resume)
            else:
                run.whole(file, output)
        yield from run.results()


class _Run:
    """The futures of one Dask run, each with what to do with its result when it comes."""

    def __init__(self, client: Any, task: Callable[..., FileResult], args: tuple[Any, ...]) -> None:
        from dask.distributed import as_completed

        self.client, self.task, self.args = client, task, args
        self.waiting = as_completed()
        self.then: dict[str, Callable[[Any], FileResult | None]] = {}
        run_id = uuid.uuid4().hex[:8]  # two runs on one cluster must not share task keys
        self.keys = (f"newsdump-{run_id}-{n}" for n in count())

    def submit(
        self, then: Callable[[Any], FileResult | None], fn: Callable[..., Any], *args: Any, **kw: Any
    ) -> None:
        future = self.client.submit(fn, *args, key=next(self.keys), retries=2, pure=False, **kw)
        self.then[future.key] = then
        self.waiting.add(future)

    def results(self) -> Iterator[FileResult]:
        for future in self.waiting:  # futures added meanwhile are waited for too
            done = self.then.pop(future.key)(future.result())
            if done is not None:
                yield done

    def whole(self, file: str, output: str) -> None:
        self.submit(_same, self.task, file, output, *self.args)

    def split(self, file: str, output: str, ranges: list[tuple[int, int]] | None) -> FileResult | None:
        """After `plan_chunks`: one task per chunk (the merge follows the last); or nothing to do."""
        if ranges is None:
            return FileResult(input=file, output=output, skipped=True)
        if len(ranges) == 1:
            self.whole(file, output)
            return None
        chunks: list[FileResult | None] = [None] * len(ranges)
        for index, items in enumerate(ranges):
            done = partial(self._chunk_done, file, output, chunks, index)
            self.submit(done, self.task, file, chunk_url(output, index), *self.args, items=items)
        return None

    def _chunk_done(
        self, file: str, output: str, chunks: list[FileResult | None], index: int, result: FileResult
    ) -> None:
        chunks[index] = result
        if all(c is not None for c in chunks):
            total = _summed(file, output, chunks)  # type: ignore[arg-type]
            self.submit(lambda _: total, merge_chunks, output, len(chunks))


def _same(result: FileResult) -> FileResult:
    return result


def _summed(file: str, output: str, chunks: list[FileResult]) -> FileResult:
    """One input's result from its chunks' results, errors in input order."""
    return FileResult(
        input=file,
        output=output,
        dumps=sum(c.dumps for c in chunks),
        articles=sum(c.articles for c in chunks),
        warnings=sum(c.warnings for c in chunks),
        text_bytes=sum(c.text_bytes for c in chunks),
        errors=[e for c in chunks for e in c.errors],
        notices=[n for c in chunks for n in c.notices],
    )


@contextmanager
def dask_client(scheduler: str, in_memory: bool = False) -> Iterator[Any]:
    """A Client of the cluster at `scheduler`, or of a LocalCluster started for `local:N`, closed on exit.

    `in_memory`: memory:// lives inside one process, so a local cluster then runs threads, not processes.
    """
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler.startswith("local:"):
        workers = int(scheduler.split(":", 1)[1] or 1)
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=not in_memory,
            dashboard_address=None,
            # its health and metrics routes: any free port, not 8787 (a warning when another cluster has it)
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )
    client = Client(cluster if cluster is not None else scheduler)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
