"""Lines a batch repeats across dumps: counted per site, saved and loaded, used as boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdump.model import Dump, Label, Source
from newsdump.normalize import for_matching
from newsdump.pipeline import Pipeline, PipelineOptions
from newsdump.repeats import RepeatedLines, count_repeats, line_hash

BLURB = "Sign up to our morning briefing and get the day's most important stories delivered to your inbox."
STORIES = [
    (
        "The city council approved a new plan on Tuesday to extend the tram network to the northern "
        "districts by the end of next year, after months of debate about its cost."
    ),
    (
        "Farmers in the valley said on Monday that the late frost had destroyed most of the apricot "
        "blossom, and that this year's harvest would be the smallest in a decade."
    ),
    (
        "The museum will reopen its east wing in March, ten years after a fire closed it, with a new "
        "roof, a larger reading room and the restored collection of maps."
    ),
    (
        "Rail workers voted to accept the pay offer on Friday, ending a dispute that had cancelled "
        "hundreds of trains over the summer and cost the operator millions."
    ),
]


def page(story: str, url: str | None = None, path: str = "p.txt") -> Dump:
    text = "\n\n".join([story, story.replace("the", "this", 1), BLURB, "Home"])
    return Dump(text, Source(path=path, url=url))


def hashed(line: str) -> int:
    return line_hash(for_matching(line))


def test_lines_in_enough_distinct_dumps_are_repeated() -> None:
    table = count_repeats([page(s) for s in STORIES[:3]], min_dumps=3)
    repeated = table.lines_of(page(STORIES[3]))
    assert hashed(BLURB) in repeated and hashed("Home") in repeated
    assert hashed(STORIES[0]) not in repeated


def test_a_line_twice_in_one_dump_counts_once() -> None:
    doubled = Dump(f"{BLURB}\n{BLURB}\n{BLURB}", Source(path="d.txt"))
    assert len(count_repeats([doubled, page(STORIES[0])], min_dumps=3)) == 0


def test_sites_are_counted_apart_when_urls_are_known() -> None:
    dumps = [page(STORIES[0], "https://www.a.example/1"), page(STORIES[1], "https://a.example/2")]
    dumps.append(page(STORIES[2], "https://b.example/1"))
    table = count_repeats(dumps, min_dumps=2)
    assert hashed(BLURB) in table.lines_of(page(STORIES[3], "https://a.example/9"))
    assert table.lines_of(page(STORIES[3], "https://b.example/9")) == frozenset()
    assert table.lines_of(page(STORIES[3])) == frozenset()  # no URL: the batch group, empty here


def test_a_table_survives_saving_and_loading(tmp_path: Path) -> None:
    table = count_repeats([page(s, f"https://a.example/{k}") for k, s in enumerate(STORIES)], min_dumps=2)
    table.save(tmp_path / "repeats.json")
    loaded = RepeatedLines.load(tmp_path / "repeats.json")
    assert loaded == table and len(loaded) > 0


def test_a_table_of_another_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a newsdump repeated-lines table"):
        RepeatedLines.load(tmp_path / "x.json")


def test_the_segmenter_labels_repeated_prose_as_boilerplate() -> None:
    dumps = [page(s) for s in STORIES]
    plain = Pipeline().label(dumps[0])
    blurb = plain.lines.index(BLURB)
    assert plain.labels[blurb] is Label.BODY  # on its own page, the blurb reads like prose
    doc = Pipeline(options=PipelineOptions(repeated=count_repeats(dumps))).label(dumps[0])
    assert doc.labels[blurb] is Label.BOILERPLATE and doc.rules[blurb] == "boilerplate.repeated"
    assert doc.labels[0] is Label.BODY


def test_an_article_the_batch_repeats_whole_is_kept() -> None:
    """A syndicated story (or one page captured twice) repeats its own sentences: they stay body."""
    copies = [Dump(f"{STORIES[0]}\n\n{STORIES[1]}", Source(path=f"{k}.txt")) for k in range(3)]
    doc = Pipeline(options=PipelineOptions(repeated=count_repeats(copies))).label(copies[0])
    assert doc.labels[0] is Label.BODY and doc.labels[2] is Label.BODY


def test_the_repeats_command_writes_a_table_convert_can_use(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsdump.cli import app

    for k, story in enumerate(STORIES):
        (tmp_path / f"{k}.txt").write_text(page(story).text, encoding="utf-8")
    result = CliRunner().invoke(app, ["repeats", str(tmp_path), "-o", str(tmp_path / "t.json")])
    assert result.exit_code == 0, result.output
    table = RepeatedLines.load(tmp_path / "t.json")
    assert hashed(BLURB) in table.lines_of(page(STORIES[0])) and hashed(STORIES[0]) not in table.sites[""]


def _rules_of(stdout: str) -> set[str]:
    import orjson

    return {s["rule"] for line in stdout.splitlines() for s in orjson.loads(line)["diagnostics"]["segments"]}


def test_convert_counts_repeats_first_or_reads_a_saved_table(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsdump.cli import app

    folder = tmp_path / "batch"
    folder.mkdir()
    for k, story in enumerate(STORIES):
        (folder / f"{k}.txt").write_text(page(story).text, encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(app, ["convert", "-q", "-w", "1", str(folder)])
    counted = runner.invoke(app, ["convert", "-q", "-w", "1", "--repeats", str(folder)])
    assert "boilerplate.repeated" not in _rules_of(plain.stdout)
    assert "boilerplate.repeated" in _rules_of(counted.stdout)
    runner.invoke(app, ["repeats", str(folder), "-o", str(tmp_path / "t.json")])
    saved = runner.invoke(
        app, ["convert", "-q", "-w", "1", "--repeats-table", str(tmp_path / "t.json"), str(folder)]
    )
    assert saved.stdout == counted.stdout


def test_convert_refuses_repeats_on_stdin_and_unreadable_tables_or_models(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsdump.cli import app

    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    runner = CliRunner()
    for args in (
        ["--repeats", "-"],
        ["--repeats-table", str(tmp_path / "bad.json")],
        ["--model", str(tmp_path / "bad.json")],
    ):
        result = runner.invoke(app, ["convert", "-q", *args], input="Some text\n")
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_convert_takes_a_model_file(tmp_path: Path) -> None:
    from importlib import resources

    from typer.testing import CliRunner

    from newsdump.cli import app

    shipped = resources.files("newsdump") / "data" / "boilerplate.json"
    (tmp_path / "m.json").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "d.txt").write_text(page(STORIES[0]).text, encoding="utf-8")
    runner = CliRunner()
    default = runner.invoke(app, ["convert", "-q", "-w", "1", str(tmp_path / "d.txt")])
    chosen = runner.invoke(
        app, ["convert", "-q", "-w", "1", "--model", str(tmp_path / "m.json"), str(tmp_path / "d.txt")]
    )
    assert chosen.exit_code == 0 and chosen.stdout == default.stdout
