"""The inspection commands: inspect, stats, eval (registered on the main typer app).

They are thin: the work is in inspect_view (rows for a terminal or a pipe), stats (counts),
evaluate (the shared scorers' metrics) and html_report (one self-contained page).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from .cli import EXIT_SOME_FAILED, EXIT_USAGE, app
from .model import Dump, InputError, InputNotice

HtmlOption = Annotated[
    Path | None, typer.Option("--html", help="Also write a self-contained HTML page here (RTL-readable).")
]
LangOption = Annotated[str | None, typer.Option("--lang", help="Assume this ISO 639-1 language.")]
# The JSONL options of `convert`, with the same default: the first of text, dump, content, body.
TextFieldOption = Annotated[
    str | None, typer.Option("--text-field", help="JSONL input: the field holding the dump text.")
]
IdFieldOption = Annotated[
    str | None, typer.Option("--id-field", help="JSONL input: the field that names each dump.")
]


def _error(message: str) -> None:
    typer.echo(f"newsdump: error: {message}", err=True)


def _warning(message: str) -> None:
    typer.echo(f"newsdump: warning: {message}", err=True)


def _read_options(text_field: str | None, id_field: str | None) -> Any:
    from .readers import ReadOptions

    return ReadOptions(text_field=text_field, id_field=id_field)


def _pipeline(lang: str | None = None, features: bool = False) -> Any:
    from .pipeline import Pipeline, PipelineOptions

    return Pipeline(options=PipelineOptions(lang=lang, keep_features=features))


def _only_labels(only: list[str] | None) -> set[str] | None:
    from .model import Label

    if not only:
        return None
    wanted = {part.strip() for value in only for part in value.split(",") if part.strip()}
    unknown = wanted - {label.value for label in Label}
    if unknown:
        known = ", ".join(label.value for label in Label)
        _error(f"--only: unknown label {', '.join(sorted(unknown))} (one of: {known})")
        raise typer.Exit(EXIT_USAGE)
    return wanted


def pick_dump(path: str, member: str | None, index: int | None, read_options: Any = None) -> Dump:
    """The one dump to inspect: by archive member name, by position (0-based), else the first."""
    from .readers import iter_dumps

    position = -1
    for item in iter_dumps([path], read_options):
        if isinstance(item, InputError):
            _error(str(item))
            raise typer.Exit(EXIT_SOME_FAILED)
        if isinstance(item, InputNotice):
            _warning(str(item))
            continue
        position += 1
        if member is not None and item.source.member not in (member, member.lstrip("./")):
            continue
        if index is not None and member is None and position != index:
            continue
        return item
    wanted = (
        f"member {member!r}" if member is not None else f"index {index}" if index is not None else "a dump"
    )
    _error(f"{path} has no {wanted} ({position + 1} dumps)")
    raise typer.Exit(EXIT_USAGE)


def _where(dump: Dump) -> str:
    source = dump.source
    member = f"!{source.member}" if source.member else ""
    return f"{source.path}{member}#{source.index}"


@app.command()
def inspect(
    dump: Annotated[str, typer.Argument(help="A dump file, an archive or JSONL file, or '-' for stdin.")],
    member: Annotated[str | None, typer.Option("--member", help="The archive member to show.")] = None,
    index: Annotated[
        int | None, typer.Option("--index", min=0, help="The N-th dump of the input (0-based).")
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Show only lines with these labels (repeat or comma-separate)."),
    ] = None,
    features: Annotated[bool, typer.Option("--features", help="Add each line's feature values.")] = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="Tab-separated text without color (the default in a pipe).")
    ] = False,
    bidi: Annotated[
        bool, typer.Option("--bidi/--no-bidi", help="Reorder right-to-left lines for terminals without bidi.")
    ] = True,
    lang: LangOption = None,
    html: HtmlOption = None,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
) -> None:
    """Show how every line of one dump was labeled: label, rule, score, article, quotes."""
    from . import inspect_view as view

    wanted = _only_labels(only)
    chosen = pick_dump(dump, member, index, _read_options(text_field, id_field))
    doc = _pipeline(lang, features).label(chosen)
    rows = view.doc_rows(doc, wanted)
    title = f"{_where(chosen)}  lang={doc.lang}  lines={len(doc.lines)}"
    if html is not None:
        from .html_report import inspect_page

        html.write_text(inspect_page(doc, title), encoding="utf-8")
    if plain or not sys.stdout.isatty():
        for line in view.plain_rows(rows, features):
            typer.echo(line)
        return
    from rich.console import Console

    if bidi and view.needs_bidi_hint(rows):
        typer.echo(view.BIDI_HINT, err=True)
    console = Console()
    console.print(view.rich_table(rows, title, features, bidi, console.width))


def _stats_records(inputs: list[str], lang: str | None, stats: Any, read_options: Any = None) -> None:
    from .assemble import assemble_records
    from .readers import iter_dumps
    from .stats import is_records_file, iter_records

    pipeline = None
    for given in inputs:
        if is_records_file(given):
            for record in iter_records(given):
                stats.add(record)
            continue
        pipeline = pipeline or _pipeline(lang)
        for item in iter_dumps([given], read_options):
            if isinstance(item, InputError):
                stats.failures += 1
                _error(str(item))
                continue
            if isinstance(item, InputNotice):
                _warning(str(item))
                continue
            for record in assemble_records(pipeline.label(item)):
                stats.add(record)


@app.command()
def stats(
    inputs: Annotated[
        list[str], typer.Argument(help="newsdump JSONL output (plain or .gz), or dumps to label first.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of tables.")] = False,
    lang: LangOption = None,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
) -> None:
    """Count dumps, articles, languages, line labels, boilerplate kinds, quotes, related links, warnings."""
    from .stats import Stats, table

    counts = Stats()
    try:
        _stats_records(inputs, lang, counts, _read_options(text_field, id_field))
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as err:
        _error(f"cannot read records: {err}")
        raise typer.Exit(EXIT_SOME_FAILED) from err
    if as_json:
        typer.echo(orjson.dumps(counts.as_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        from rich.console import Console

        Console(width=None if sys.stdout.isatty() else 120).print(
            table(counts, inputs[0] if len(inputs) == 1 else f"{len(inputs)} inputs")
        )
    if counts.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


def _load_gold(path: str, limit: int | None) -> list[dict[str, Any]]:
    from .evaluate import read_jsonl

    gold = []
    for rec in read_jsonl(path):
        gold.append(rec)
        if limit is not None and len(gold) >= limit:
            break
    return gold


def _progress(gold: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """A progress bar on stderr when a person watches (the body dev set takes a minute or two)."""
    if not sys.stderr.isatty():
        return gold
    from rich.console import Console
    from rich.progress import track

    return track(gold, description="labeling", console=Console(stderr=True), transient=True)


def _report_lines(result: dict[str, Any]) -> list[str]:
    from .evaluate import body_report, fine_report

    if result["format"] == "body":
        return body_report(result)
    lines = fine_report(result)
    lines.append("by language:")
    for lang, r in result["by_lang"].items():
        lines.append(
            f"  {lang:<4} docs {r['docs']:>3}  line accuracy {r['lines']:.3f}  macro F1 {r['macro_f1']:.3f}"
        )
    return lines


@app.command("eval")
def eval_command(
    gold: Annotated[str, typer.Argument(help="Gold JSONL (.gz): the body format or the fine format.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of the report.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N gold dumps.")] = None,
    html_docs: Annotated[
        int, typer.Option("--html-docs", min=0, help="Body format: the N worst dumps in the HTML page.")
    ] = 20,
    lang: LangOption = None,
    html: HtmlOption = None,
) -> None:
    """Label the gold dumps and score them as the shared scorers do (score.py / score_fine.py)."""
    from .evaluate import evaluate, predict

    try:
        records_in = _load_gold(gold, limit)
        records, docs = predict(_progress(records_in), _pipeline(lang).label)
        result = evaluate(records_in, records)
    except (OSError, KeyError, ValueError) as err:
        _error(f"{gold}: {err}")
        raise typer.Exit(EXIT_SOME_FAILED) from err
    lines = _report_lines(result)
    if as_json:
        typer.echo(orjson.dumps(result).decode())
    else:
        typer.echo(f"gold: {gold}  format: {result['format']}  dumps: {len(records_in)}")
        for line in lines:
            typer.echo(line)
    if html is not None:
        html.write_text(_eval_html(gold, result, lines, records_in, docs, html_docs), encoding="utf-8")


def _eval_html(
    gold: str, result: dict[str, Any], lines: list[str], records: list[dict[str, Any]], docs: dict, n: int
) -> str:
    from html import escape

    from .html_report import eval_page

    by_id = {rec["id"]: rec for rec in records}
    if result["format"] == "body":
        worst = sorted(result["per_doc"], key=lambda r: r["f1"])[:n]
        shown = [(r["id"], f"P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}") for r in worst]
    else:
        shown = [
            (r["id"], f"lines right {r['lines_right']}, wrong {r['lines_wrong']}") for r in result["per_doc"]
        ]
    metrics = f"<pre>{escape(chr(10).join(lines))}</pre>"
    items = [(rid, docs[rid], by_id[rid]["labels"], note) for rid, note in shown]
    return eval_page(f"newsdump eval {gold}", metrics, items)


@app.command()
def repeats(
    inputs: Annotated[list[str], typer.Argument(help="The batch: dump files, folders, archives, JSONL.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the table (JSON).")],
    min_dumps: Annotated[
        int, typer.Option("--min-dumps", min=2, help="A line is the site's when this many dumps have it.")
    ] = 3,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
) -> None:
    """Count the lines a batch repeats across its dumps (per site when URLs are known): site chrome.

    Give the table to `convert --repeats-table` for this batch or later batches of the same sites."""
    from .readers import iter_dumps
    from .repeats import RepeatCounter

    counter = RepeatCounter()
    failed = 0
    for item in iter_dumps(inputs, _read_options(text_field, id_field)):
        if isinstance(item, InputError):
            _error(str(item))
            failed += 1
        elif isinstance(item, InputNotice):
            _warning(str(item))
        else:
            counter.add(item)
    table = counter.table(min_dumps)
    table.save(output)
    dumps = sum(counter.dumps.values())
    typer.echo(
        f"{output}: {len(table)} repeated lines from {dumps} dumps of {len(counter.dumps)} site(s)", err=True
    )
    raise typer.Exit(EXIT_SOME_FAILED if failed else 0)
