"""The `newsdump` command: parses options, wires readers, pipeline and writers; humans get stderr."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from .pipeline import PipelineOptions
    from .readers import ReadOptions
    from .report import Reporter

app = typer.Typer(
    name="newsdump",
    help="Turn raw news dumps into clean, structured JSONL records (one per article).",
    no_args_is_help=True,
    add_completion=True,  # typer's own: --install-completion / --show-completion for bash, zsh, fish
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"newsdump {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("-V", "--version", callback=_version, is_eager=True, help="Show the version and exit."),
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
        int,
        typer.Option("-w", "--workers", min=0, help="Worker processes (0: all cores; at most the cores)."),
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
    suffix: Annotated[
        str,
        typer.Option(
            "--suffix",
            help="With --output-dir: the output files' suffix, which sets their format "
            "(.jsonl; .jsonl.gz .bz2 .xz .zst compress; .parquet).",
        ),
    ] = ".jsonl",
    shard_records: Annotated[
        int | None,
        typer.Option(
            "--shard-records",
            min=1,
            help="With --output-dir: all records in DIR/part-00000<suffix>, ... of N records each.",
        ),
    ] = None,
    shard_size: Annotated[
        str | None,
        typer.Option(
            "--shard-size", help="With --output-dir: shards of at most SIZE of JSONL each (500MB, 2G, 100k)."
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

    if not inputs:
        if sys.stdin is not None and sys.stdin.isatty():
            raise typer.BadParameter("give input files or folders, or '-' to read stdin", param_hint="INPUTS")
        inputs = ["-"]
    shards = Shards(shard_records, _size(shard_size)) if shard_records or shard_size else None
    _check_outputs(inputs, output, output_dir, suffix, shards, scheduler, resume)
    read_options = ReadOptions(text_field, Limits(max_dump_bytes, max_decompressed, max_dump_lines), id_field)
    options = PipelineOptions(
        lang=checked_lang(lang),
        max_line_chars=max_line_chars,
        keep_features=features,
        repeated=_repeated_lines(inputs, read_options, repeats, repeats_table),
        model=_checked_model(model),
    )
    reporter = Reporter(inputs, quiet=quiet)
    workers = capped_workers(workers, reporter)
    try:
        # Ctrl-C and SIGTERM end the run from their handler: outputs removed, exit 130 / 143.
        with stop_on_signals(), reporter:
            if scheduler:
                _on_dask(inputs, output_dir or "", scheduler, resume, read_options, options, reporter)
            elif output_dir and shards:
                _to_shards(inputs, output_dir, suffix, shards, workers, read_options, options, reporter)
            elif output_dir:
                _to_dir(inputs, output_dir, suffix, resume, workers, read_options, options, reporter)
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


@dataclass(frozen=True, slots=True)
class Shards:
    """--shard-records / --shard-size: when a shard is full."""

    records: int | None
    bytes: int | None


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(i?)b?\s*", re.IGNORECASE)


def _size(text: str | None) -> int | None:
    """ "500MB", "2G", "100k", "1GiB" or a plain number of bytes."""
    if text is None:
        return None
    match = _SIZE.fullmatch(text)
    size = 0
    if match:
        number, unit, binary = match.groups()
        base = 1024 if binary else 1000
        size = int(float(number) * base ** " kmg".index(unit.lower() or " "))
    if size < 1:
        raise typer.BadParameter(f"{text!r} is no size (like 500MB, 2G or 100k)", param_hint="--shard-size")
    return size


def _check_outputs(
    inputs: list[str],
    output: str | None,
    output_dir: str | None,
    suffix: str,
    shards: Shards | None,
    scheduler: str | None,
    resume: bool,
) -> None:
    """Usage errors about where the records go, before any input is read."""
    if output and output_dir:
        raise typer.BadParameter("give either -o or --output-dir, not both", param_hint="--output-dir")
    for flag, given in (
        ("--scheduler", scheduler),
        ("--resume", resume),
        ("--shard-records/--shard-size", shards),
    ):
        if given and not output_dir:
            raise typer.BadParameter(f"{flag} needs --output-dir", param_hint=flag)
    if shards and (resume or scheduler):
        raise typer.BadParameter(
            "shards are one stream: not with --resume or --scheduler", param_hint="--shard-size"
        )
    if scheduler and suffix != ".jsonl":
        raise typer.BadParameter("--scheduler writes .jsonl files", param_hint="--suffix")
    if not suffix.startswith(".") or "/" in suffix:
        raise typer.BadParameter(
            f"{suffix!r}: a suffix starts with a dot (.jsonl.zst)", param_hint="--suffix"
        )
    if (output or "").lower().endswith(".parquet") or (output_dir and suffix.lower().endswith(".parquet")):
        from .parquet import missing_pyarrow

        if problem := missing_pyarrow():
            raise typer.BadParameter(problem, param_hint="-o" if output else "--suffix")
    if scheduler and (problem := missing_dask()):
        raise typer.BadParameter(problem, param_hint="--scheduler")
    if output and (given := output_names_input(output, inputs)):
        raise typer.BadParameter(
            f"{output} is one of the inputs ({given}): it would be overwritten", param_hint="-o"
        )


def missing_dask() -> str | None:
    """None when --scheduler can run, else what to install (imported, not only found: a broken
    or partial install fails on import)."""
    import importlib

    for module in ("dask", "distributed", "fsspec"):
        try:
            importlib.import_module(module)
        except ImportError:
            return f"needs the dask extra ({module} cannot be imported): pip install 'newsdump[dask]'"
    return None


def output_names_input(output: str, inputs: list[str]) -> str | None:
    """The input (or input folder) that the file `output` is, or lies in; None if none."""
    try:
        target = os.stat(output)
    except OSError:
        return None  # a new file is nobody's input
    if not os.path.isfile(output):
        return None  # a device or a pipe is written through, never read back
    from .readers import expand_inputs

    real = os.path.realpath(output)
    for given in inputs:
        if given == "-" or "://" in given:
            continue
        inside = os.path.isdir(given) and real.startswith(os.path.realpath(given).rstrip(os.sep) + os.sep)
        if not (inside or os.path.isfile(given)):
            continue
        for path in expand_inputs([given]):  # folders: walked only when the output lies inside them
            with contextlib.suppress(OSError):
                if os.path.samestat(os.stat(path), target):
                    return given
    return None


def checked_lang(lang: str | None) -> str | None:
    """--lang must be an ISO 639-1 code the identifier knows (a usage error otherwise)."""
    if lang is None:
        return None
    from .langid import is_language_code

    code = lang.strip().lower()
    if not is_language_code(code):
        raise typer.BadParameter(
            f"{lang!r} is not an ISO 639-1 language code newsdump knows (like en, ar, zh)",
            param_hint="--lang",
        )
    return code


def capped_workers(workers: int, reporter: Reporter) -> int:
    """0 means every core this process may use; more than that only adds processes and memory."""
    from .convert import default_workers

    cores = default_workers()
    if workers > cores:
        reporter.note(f"--workers {workers} capped at {cores}, the cores this process may use")
    return min(workers, cores) if workers else cores


def _repeated_lines(inputs: list[str], read_options: Any, count: bool, table: str | None) -> Any:
    """The repeated-lines table: loaded from `table`, counted over `inputs` (a first pass), or both."""
    from .readers import iter_dumps
    from .repeats import RepeatedLines, count_repeats

    loaded = None
    if table:
        loaded = _loaded(table, "--repeats-table", ("format", "sites", "min_dumps"), RepeatedLines.load)
    if not count:
        return loaded
    if "-" in inputs:
        raise typer.BadParameter("--repeats reads the inputs twice: not for stdin", param_hint="--repeats")
    counted = count_repeats(iter_dumps(inputs, read_options))
    return counted.merged(loaded) if loaded else counted


MODEL_FIELDS = ("features", "stack_features", "trees", "stack_weights", "threshold")


def _checked_model(path: str | None) -> str | None:
    """Load a model file once here, so that a bad one is a usage error and not a failure per dump."""
    if path is None:
        return None
    from .segmenters.boilerplate import load_model

    _loaded(path, "--model", MODEL_FIELDS, load_model)
    return path


def _loaded(path: str, option: str, fields: tuple[str, ...], load: Any) -> Any:
    """`load(path)`, or a usage error that says what is wrong with the file."""
    problem = json_object_problem(path, fields)
    if problem is None:
        try:
            return load(path)
        except Exception as err:  # any shape the checks above let through: still one line
            problem = f"{type(err).__name__}: {err}"
    raise typer.BadParameter(f"cannot use {path}: {problem}", param_hint=option)


def json_object_problem(path: str, fields: tuple[str, ...]) -> str | None:
    """What keeps `path` from being a JSON object with `fields`, or None."""
    import json

    try:
        with open(path, "rb") as handle:
            data = json.load(handle)
    except OSError as err:
        return err.strerror or str(err)
    except (ValueError, RecursionError) as err:
        return f"not JSON ({err})"
    if not isinstance(data, dict):
        kind = "null" if data is None else f"a JSON {type(data).__name__.replace('dict', 'object')}"
        return f"holds {kind}, not a JSON object with {', '.join(fields)}"
    missing = [name for name in fields if name not in data]
    return f"no field {', '.join(missing)}" if missing else None


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
    from .convert import Converted, convert_paths
    from .writers import open_output

    if output in (None, "-") and sys.stdout is None:  # started with `>&-`
        raise OSError(errno.EBADF, "stdout is closed", "stdout")
    with open_output(output) as out:
        for item in convert_paths(inputs, workers, read_options, options):
            reporter.add(item)
            if isinstance(item, Converted):
                out.write(item.data)


def _to_dir(
    inputs: list[str],
    out_dir: str,
    suffix: str,
    resume: bool,
    workers: int,
    read_options: ReadOptions,
    options: PipelineOptions,
    reporter: Reporter,
) -> None:
    from .convert import Converted, InputDone, convert_stream, dir_stream
    from .writers import DirWriter

    stream = dir_stream(inputs, out_dir, resume, read_options, suffix)
    with DirWriter(out_dir, suffix) as writer:
        for item in convert_stream(stream, workers, options):
            if isinstance(item, InputDone):
                writer.finish(item.output)
                continue
            reporter.add(item)
            if isinstance(item, Converted):
                writer.write(item.data)


def _to_shards(
    inputs: list[str],
    out_dir: str,
    suffix: str,
    shards: Shards,
    workers: int,
    read_options: ReadOptions,
    options: PipelineOptions,
    reporter: Reporter,
) -> None:
    from .convert import Converted, InputDone, convert_stream, dir_stream
    from .writers import ShardWriter

    stream = (
        item for item in dir_stream(inputs, out_dir, False, read_options) if not isinstance(item, InputDone)
    )
    with ShardWriter(out_dir, suffix, shards.records, shards.bytes) as writer:
        for item in convert_stream(stream, workers, options):
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
    from .scale import run_on_dask

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
    errors = _click_exceptions()
    try:
        status = app(standalone_mode=False, prog_name="newsdump")
    except errors.ClickException as err:  # usage errors: typer's box on a terminal, one line in a pipe
        _show_usage_error(err, errors)
        sys.exit(err.exit_code)
    except (KeyboardInterrupt, typer.Abort):  # Ctrl-C before or after the conversion loop
        sys.stderr.write("newsdump: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit as done:
        # typer ends a run whose stdout reader went away (`inspect | head`, `--help | head`) with
        # status 1; like `convert`, that is a normal end.
        if isinstance(done.__context__, BrokenPipeError):
            _silence_stdout()
            sys.exit(EXIT_OK)
        raise
    sys.exit(status if isinstance(status, int) else EXIT_OK)


def _click_exceptions() -> Any:
    try:  # typer 0.2x carries its own copy of click
        from typer._click import exceptions
    except ImportError:
        from click import exceptions
    return exceptions


def _show_usage_error(err: Any, errors: Any) -> None:
    if sys.stderr.isatty() or isinstance(err, getattr(errors, "NoArgsIsHelpError", ())):
        from typer import rich_utils

        rich_utils.rich_format_error(err)
        return
    context = getattr(err, "ctx", None)
    command = context.command_path if context is not None else "newsdump"
    message = " ".join(err.format_message().split())  # one line, jq and rg style
    sys.stderr.write(f"{command}: error: {message} (see '{command} --help')\n")


if __name__ == "__main__":
    main()
