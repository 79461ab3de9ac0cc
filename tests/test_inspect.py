"""`newsdump inspect`: rows per line in a pipe, filters, features, archives, RTL and HTML."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsdump import inspect_view as view
from newsdump.cli import app
from newsdump.model import Dump, Source
from newsdump.pipeline import Pipeline

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ARABIC = SAMPLES / "ar-seed.txt"


def _rows(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()[1:]]


def test_plain_output_has_one_tab_separated_row_per_line() -> None:
    result = CliRunner().invoke(app, ["inspect", str(ARABIC)])
    assert result.exit_code == 0, result.output
    lines = ARABIC.read_text(encoding="utf-8").splitlines()
    header, rows = result.output.splitlines()[0], _rows(result.output)
    assert header.split("\t") == ["line", "label", "rule", "score", "article", "text", "quotes"]
    assert [r[0] for r in rows] == [str(n) for n in range(1, len(lines) + 1)]
    assert [r[5] for r in rows] == lines  # logical order in a pipe: the text is the file's text
    assert "\x1b[" not in result.output  # no color codes
    assert {r[1] for r in rows} >= {"title", "body", "boilerplate", "related", "embed", "blank"}


def test_quotes_are_shown_with_their_speaker() -> None:
    rows = _rows(CliRunner().invoke(app, ["inspect", str(ARABIC)]).output)
    quoted = [r for r in rows if r[6]]
    assert quoted and all(r[1] in ("body", "title") for r in quoted)
    assert any("«المرحلة الحادة من النزاع» — " in r[6] for r in quoted)


def test_only_filters_labels_and_rejects_unknown_ones() -> None:
    rows = _rows(CliRunner().invoke(app, ["inspect", str(ARABIC), "--only", "boilerplate,related"]).output)
    assert rows and {r[1] for r in rows} == {"boilerplate", "related"}
    bad = CliRunner().invoke(app, ["inspect", str(ARABIC), "--only", "footer"])
    assert (
        bad.exit_code == 2 and "newsdump: error: --only: unknown label footer (one of: title," in bad.output
    )


def test_features_add_a_column_of_values() -> None:
    rows = _rows(CliRunner().invoke(app, ["inspect", str(ARABIC), "--features", "--only", "body"]).output)
    assert rows and all("body_prob=" in r[7] for r in rows)


def test_stdin_and_archive_members(tmp_path: Path) -> None:
    text = (SAMPLES / "en-harbour.txt").read_bytes()
    from_stdin = CliRunner().invoke(app, ["inspect", "-"], input=text)
    assert from_stdin.exit_code == 0 and len(_rows(from_stdin.output)) == len(text.decode().splitlines())
    archive = tmp_path / "dumps.tar"
    with tarfile.open(archive, "w") as tar:
        for name in ("ar-seed.txt", "zh-rail.txt"):
            data = (SAMPLES / name).read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    zh_first = (SAMPLES / "zh-rail.txt").read_text(encoding="utf-8").splitlines()[0]
    for option in (["--member", "zh-rail.txt"], ["--index", "1"]):
        result = CliRunner().invoke(app, ["inspect", str(archive), *option])
        assert result.exit_code == 0, result.output
        assert _rows(result.output)[0][5] == zh_first
    missing = CliRunner().invoke(app, ["inspect", str(archive), "--member", "nope.txt"])
    assert missing.exit_code == 2 and "has no member 'nope.txt' (2 dumps)" in missing.output


def test_a_missing_file_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["inspect", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "newsdump: error:" in result.output


def test_html_page_is_self_contained_and_rtl_readable(tmp_path: Path) -> None:
    page = tmp_path / "ar.html"
    assert CliRunner().invoke(app, ["inspect", str(ARABIC), "--html", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert html.count('dir="auto"') == len(ARABIC.read_text(encoding="utf-8").splitlines())
    assert "<mark" in html and "المرحلة الحادة من النزاع</mark>" in html
    assert "<script" not in html and "src=" not in html and "http-equiv" not in html


def test_is_rtl_follows_the_first_strong_character() -> None:
    assert view.is_rtl("  «بحث» الرئيس")
    assert view.is_rtl("2024 שלום")
    assert not view.is_rtl("CNN: بحث")
    assert not view.is_rtl("12345 ...")


def _render(bidi: bool) -> str:
    doc = Pipeline().label(Dump(text=ARABIC.read_text(encoding="utf-8"), source=Source(path="ar")))
    console = Console(width=400, record=True, color_system=None, file=io.StringIO())
    console.print(view.rich_table(view.doc_rows(doc, {"related"}), "ar", bidi=bidi))
    return console.export_text()


def test_terminal_table_reorders_rtl_lines_when_python_bidi_is_there() -> None:
    display = view.bidi_display()
    if display is None:
        pytest.skip("python-bidi is not installed (the rtl extra)")
    item = "وزير الخارجية يبحث المستجدات الإقليمية مع نظيره الفرنسي"
    assert display(item) in _render(bidi=True)
    assert item in _render(bidi=False)  # --no-bidi: logical order, for terminals that reorder themselves


def test_a_wrapped_rtl_line_starts_on_its_first_row() -> None:
    display = view.bidi_display()
    if display is None:
        pytest.skip("python-bidi is not installed (the rtl extra)")
    line = "بحث الرئيس الروسي فلاديمير بوتين مع رئيس الوزراء الأرمني نيكول باشينيان الوضع في قره باغ"
    row = view.Row(1, "body", "r", 1.0, 0, None, line)
    first, *rest = view._styled_text(row, display, 30, Console(width=30)).plain.split("\n")
    assert rest and display("بحث الرئيس") in first  # a reader starts at the right end of row one
    assert "".join(reversed(first)).strip().startswith("بحث")


def test_without_python_bidi_rtl_lines_stay_logical_and_a_hint_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(view, "bidi_display", lambda: None)
    doc = Pipeline().label(Dump(text=ARABIC.read_text(encoding="utf-8"), source=Source(path="ar")))
    rows = view.doc_rows(doc, {"related"})
    assert view.needs_bidi_hint(rows)
    console = Console(width=400, record=True, color_system=None, file=io.StringIO())
    console.print(view.rich_table(rows, "ar", width=400))
    assert "وزير الخارجية يبحث المستجدات الإقليمية مع نظيره الفرنسي" in console.export_text()
