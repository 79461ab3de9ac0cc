"""Past one machine: inputs and outputs named by fsspec URLs, one Dask task per input file.

newsdump does not schedule work itself: a Dask cluster does (`--scheduler tcp://host:8786`, or
`local:N` for a LocalCluster of N worker processes). Each task converts one input file to one output
file named after it, written under a temporary name and moved into place when complete, so a rerun
with `resume=True` skips what is finished and a killed worker costs only its task, which Dask retries.

`convert_path` and `convert_file` are plain picklable functions: they also serve Spark
(`mapPartitions`) or datatrove (see the README's "Scaling out" section).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .convert import convert_dump
from .model import InputError, Source
from .pipeline import Pipeline, PipelineOptions
from .readers import ReadOptions, read_stream

OUTPUT_SUFFIX = ".jsonl"


@dataclass(slots=True)
class FileResult:
    """What one task did: the input, its output, counts, and the errors met on the way."""

    input: str
    output: str
    dumps: int = 0
    articles: int = 0
    warnings: int = 0
    skipped: bool = False
    errors: list[str] = field(default_factory=list)


def expand(urls: list[str]) -> list[str]:
    """Input files behind URLs, folders and globs (any fsspec protocol), sorted, protocol kept."""
    return [file for file, _ in expand_with_roots(urls)]


def expand_with_roots(urls: list[str]) -> list[tuple[str, str]]:
    """(file, the folder it was found under) for every input file, so outputs keep relative paths."""
    import fsspec

    files: list[tuple[str, str]] = []
    for url in urls:
        fs, _, paths = fsspec.get_fs_token_paths(url)
        for path in paths:
            is_dir = fs.isdir(path)
            found = fs.find(path) if is_dir else [path]
            root = _unstrip(fs, url, path if is_dir else posixpath.dirname(path))
            files.extend(
                (_unstrip(fs, url, p), root)
                for p in sorted(found)
                if not posixpath.basename(p).startswith(".")
            )
    return files


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
            else:
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
) -> FileResult:
    """One task: convert `input_url` into the JSONL file `output`, atomically (temp name, then move)."""
    import fsspec

    result = FileResult(input=input_url, output=output)
    fs, out_path = fsspec.core.url_to_fs(output)
    if resume and fs.exists(out_path):
        result.skipped = True
        return result
    partial = out_path + ".part"
    fs.makedirs(posixpath.dirname(out_path), exist_ok=True)
    pipeline = Pipeline(options=options)
    with fsspec.open(input_url, "rb") as source, fs.open(partial, "wb") as sink:
        for item in read_stream(source, Source(path=input_url), read_options or ReadOptions()):
            if isinstance(item, InputError):
                result.errors.append(str(item))
                continue
            converted = convert_dump(item, pipeline)
            sink.write(converted.data)
            result.dumps += 1
            result.articles += converted.articles
            result.warnings += converted.warnings
    fs.mv(partial, out_path)
    return result


def run_on_dask(
    inputs: list[str],
    output_dir: str,
    scheduler: str,
    read_options: ReadOptions | None = None,
    options: PipelineOptions | None = None,
    resume: bool = False,
    task: Callable[..., FileResult] = convert_file,
) -> Iterator[FileResult]:
    """Convert every input file on a Dask cluster; results come as tasks finish (not in input order)."""
    from dask.distributed import as_completed

    roots = dict(expand_with_roots(inputs))
    files = list(roots)
    in_memory = any(f.startswith("memory://") for f in [*files, output_dir])
    with dask_client(scheduler, in_memory) as client:
        futures = [
            client.submit(
                task,
                f,
                output_url(f, roots[f], output_dir),
                read_options,
                options,
                resume,
                key=f"newsdump-{i}",
                retries=2,
                pure=False,
            )
            for i, f in enumerate(files)
        ]
        for future in as_completed(futures):
            yield future.result()


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
            n_workers=workers, threads_per_worker=1, processes=not in_memory, dashboard_address=None
        )
    client = Client(cluster if cluster is not None else scheduler)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
