"""The `newsdump` command: parses options, wires readers, pipeline and writers; humans get stderr."""

from __future__ import annotations

import errno
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__

if TYPE_CHECKING:
    from .pipeline import PipelineOptions
    from .readers import ReadOptions
    from .report import Reporter

app = typer.Typer(
    name="newsdump",
    help="Turn raw news dumps into clean, structured JSONL records (one per article).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsdump {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """newsdump: news dumps in, one JSON record per article out."""


@app.command()
def convert(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Dump files, folders (recursive), archives, WET or JSONL files; '-' for stdin."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", help="Write here instead of stdout (.gz .bz2 .xz .zst compress)."),
    ] = None,
    workers: Annotated[
        int, typer.Option("-w", "--workers", min=0, help="Worker processes (0: all cores).")
    ] = 0,
    text_field: Annotated[
        str | None, typer.Option("--text-field", help="JSONL input: the field holding the dump text.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Assume this ISO 639-1 language instead of detecting it.")
    ] = None,
    features: Annotated[
        bool, typer.Option("--features", help="Add every line's feature values to diagnostics.")
    ] = False,
    max_line_chars: Annotated[
        int, typer.Option("--max-line-chars", min=1000, help="Split longer lines (with a warning).")
    ] = 100_000,
    max_dump_bytes: Annotated[
        int, typer.Option("--max-dump-bytes", min=1, help="Refuse larger single dumps (an error line).")
    ] = 16 * 1024 * 1024,  # readers.Limits' default (not imported here: start-up time)
    max_decompressed: Annotated[
        int,
        typer.Option("--max-decompressed", min=1, help="Stop decompressing an input past this many bytes."),
    ] = 4 * 1024 * 1024 * 1024,
    max_dump_lines: Annotated[
        int, typer.Option("--max-dump-lines", min=1, help="Refuse dumps of more lines (an error line).")
    ] = 20_000,
    id_field: Annotated[
        str | None,
        typer.Option("--id-field", help="JSONL input: the field that names each dump in record ids."),
    ] = None,
    output_dir: Annotated[
        str | None,
        typer.Option(
            "--output-dir", help="Write one DIR/<input name>.jsonl per input instead of one stream."
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="With --output-dir: skip inputs whose output file exists.")
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on a Dask cluster (ADDRESS, or local:N); needs --output-dir; inputs may be fsspec URLs.",
        ),
    ] = None,
    repeats: Annotated[
        bool,
        typer.Option(
            "--repeats",
            help="First count the lines the inputs repeat across dumps: boilerplate (two passes).",
        ),
    ] = False,
    repeats_table: Annotated[
        str | None,
        typer.Option("--repeats-table", help="Lines a table from `newsdump repeats` lists are boilerplate."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="A line model from scripts/train_lines.py instead of the shipped one."),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress and no summary.")] = False,
) -> None:
    """Convert dumps to JSONL records, one per article, in input order."""
    from .interrupts import stop_on_signals
    from .pipeline import PipelineOptions
    from .readers import Limits, ReadOptions
    from .report import Reporter

    if output and output_dir:
        raise typer.BadParameter("give either -o or --output-dir, not both", param_hint="--output-dir")
    if scheduler and not output_dir:
        raise typer.BadParameter("--scheduler needs --output-dir", param_hint="--scheduler")
    if resume and not output_dir:
        raise typer.BadParameter("--resume needs --output-dir", param_hint="--resume")
    if not inputs:
        if sys.stdin is not None and sys.stdin.isatty():
            raise typer.BadParameter("give input files or folders, or '-' to read stdin", param_hint="INPUTS")
        inputs = ["-"]
    read_options = ReadOptions(text_field, Limits(max_dump_bytes, max_decompressed, max_dump_lines), id_field)
    options = PipelineOptions(
        lang=lang,
        max_line_chars=max_line_chars,
        keep_features=features,
        repeated=_repeated_lines(inputs, read_options, repeats, repeats_table),
        model=_checked_model(model),
    )
    reporter = Reporter(inputs, quiet=quiet)
    try:
        # Ctrl-C and SIGTERM end the run from their handler: outputs removed, exit 130 / 143.
        with stop_on_signals(), reporter:
            if scheduler:
                _on_dask(inputs, output_dir or "", scheduler, resume, read_options, options, reporter)
            elif output_dir:
                _to_dir(inputs, output_dir, resume, workers, read_options, options, reporter)
            else:
                _to_stream(inputs, output, workers, read_options, options, reporter)
        status = EXIT_SOME_FAILED if reporter.failures else EXIT_OK
    except BrokenPipeError:
        _silence_stdout()  # the reader (| head) is gone: stop quietly
        status = EXIT_OK
    except OSError as err:  # a full disk, a vanished output folder
        if not (output or output_dir):
            _silence_stdout()
        reporter.error(
            f"cannot write {err.filename or output or output_dir or 'stdout'}: {err.strerror or err}"
        )
        status = EXIT_SOME_FAILED
    raise typer.Exit(status)


def _repeated_lines(inputs: list[str], read_options: Any, count: bool, table: str | None) -> Any:
    """The repeated-lines table: loaded from `table`, counted over `inputs` (a first pass), or both."""
    from .readers import iter_dumps
    from .repeats import RepeatedLines, count_repeats

    loaded = None
    if table:
        try:
            loaded = RepeatedLines.load(table)
        except (OSError, ValueError, KeyError) as err:
            raise typer.BadParameter(f"cannot read {table}: {err}", param_hint="--repeats-table") from err
    if not count:
        return loaded
    if "-" in inputs:
        raise typer.BadParameter("--repeats reads the inputs twice: not for stdin", param_hint="--repeats")
    counted = count_repeats(iter_dumps(inputs, read_options))
    return counted.merged(loaded) if loaded else counted


def _checked_model(path: str | None) -> str | None:
    """Load a model file once here, so that a bad one is a usage error and not a failure per dump."""
    if path is None:
        return None
    from .segmenters.boilerplate import load_model

    try:
        load_model(path)
    except (OSError, ValueError, KeyError, SyntaxError) as err:
        raise typer.BadParameter(f"cannot use {path}: {err}", param_hint="--model") from err
    return path


def _silence_stdout() -> None:
    """Stdout failed (closed pipe, full disk): drop what is still buffered, so that Python's final
    flush at exit does not fail again with a traceback-like message."""
    if sys.stdout is None:  # closed from the start: nothing buffered
        return
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _to_stream(
    inputs: list[str],
    output: str | None,
    workers: int,
    read_options: ReadOptions,
    options: PipelineOptions,
    reporter: Reporter,
) -> None:
    from .convert import Converted, convert_paths, default_workers
    from .writers import open_output

    if output in (None, "-") and sys.stdout is None:  # started with `>&-`
        raise OSError(errno.EBADF, "stdout is closed", "stdout")
    with open_output(output) as out:
        for item in convert_paths(inputs, workers or default_workers(), read_options, options):
            reporter.add(item)
            if isinstance(item, Converted):
                out.write(item.data)


def _to_dir(
    inputs: list[str],
    out_dir: str,
    resume: bool,
    workers: int,
    read_options: ReadOptions,
    options: PipelineOptions,
    reporter: Reporter,
) -> None:
    from .convert import Converted, InputDone, convert_stream, default_workers, dir_stream
    from .writers import DirWriter

    stream = dir_stream(inputs, out_dir, resume, read_options)
    with DirWriter(out_dir) as writer:
        for item in convert_stream(stream, workers or default_workers(), options):
            if isinstance(item, InputDone):
                writer.finish(item.output)
                continue
            reporter.add(item)
            if isinstance(item, Converted):
                writer.write(item.data)


def _on_dask(
    inputs: list[str],
    out_dir: str,
    scheduler: str,
    resume: bool,
    read_options: ReadOptions,
    options: PipelineOptions,
    reporter: Reporter,
) -> None:
    try:
        from .scale import run_on_dask
    except ImportError:
        raise typer.BadParameter(
            "needs the dask extra: pip install 'newsdump[dask]'", param_hint="--scheduler"
        ) from None
    for result in run_on_dask(inputs, out_dir, scheduler, read_options, options, resume):
        reporter.add_file(result)


# The inspection commands (inspect, stats, eval) live in their own module and register on `app`.
from . import cli_tools  # noqa: E402, F401


def main() -> None:
    from .stdio import reopen_closed_std_streams

    reopen_closed_std_streams()  # `<&-`, `>&-`, `2>&-`: no traceback, and no output file on fd 1
    # numpy (under py3langid) does one tiny product per dump: a pool of BLAS threads per process only
    # costs start-up (40 ms of a one-dump run when the cores are busy) and oversubscribes workers.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C before or after the conversion loop
        sys.stderr.write("newsdump: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
