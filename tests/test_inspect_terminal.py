"""`newsdump inspect` on a terminal: the table through fixed-width rich consoles (80 and 200 columns).

At 80 columns the text gets most of the width, numbers and labels never break over rows,
right-to-left lines are wrapped once in logical order and each visual row then reordered, and a
quote keeps its highlight when it wraps.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from newsdump import inspect_view as view
from newsdump.model import Dump, Quote, Source
from newsdump.pipeline import Pipeline

ARABIC = Path(__file__).resolve().parents[1] / "samples" / "ar-seed.txt"
LINES = ARABIC.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def seed_rows() -> list[view.Row]:
    doc = Pipeline().label(Dump(text=ARABIC.read_text(encoding="utf-8"), source=Source(path="ar")))
    return view.doc_rows(doc)


@pytest.fixture(scope="module")
def display():  # type: ignore[no-untyped-def]
    found = view.bidi_display()
    if found is None:
        pytest.skip("python-bidi is not installed (the rtl extra)")
    return found


def _console(width: int) -> Console:
    return Console(width=width, record=True, force_terminal=True, color_system=None, file=io.StringIO())


def _screen(rows: list[view.Row], width: int) -> list[str]:
    console = _console(width)
    console.print(view.rich_table(rows, "ar", width=width))
    return console.export_text().splitlines()


def _body_cells(screen: list[str]) -> list[list[str]]:
    """The cells of each screen row of the table body (between its vertical borders)."""
    return [line.split("│")[1:-1] for line in screen if line.startswith("│")]


def _header(screen: list[str]) -> list[str]:
    return [cell.strip() for line in screen if line.startswith("┃") for cell in line.split("┃")[1:-1]]


@pytest.mark.parametrize("width", [80, 200])
def test_the_table_fits_and_no_number_or_label_breaks_over_rows(
    seed_rows: list[view.Row], width: int
) -> None:
    screen = _screen(seed_rows, width)
    assert all(cell_len(line) <= width for line in screen)
    cells = _body_cells(screen)
    numbers = [row[0].strip() for row in cells if row[0].strip()]
    labels = [row[1].strip() for row in cells if row[1].strip()]
    assert numbers == [str(n) for n in range(1, len(LINES) + 1)]  # "10" split would give "1", "0"
    assert labels == [row.label for row in seed_rows]


def test_at_80_columns_the_text_gets_most_of_the_width(seed_rows: list[view.Row]) -> None:
    screen = _screen(seed_rows, 80)
    text_cells = [row[-1] for row in _body_cells(screen)]
    assert {cell_len(cell) for cell in text_cells} == {cell_len(text_cells[0])}
    assert cell_len(text_cells[0]) > 80 // 2
    assert "rule" not in _header(screen) and "score" not in _header(screen)
    assert "rule and score left out at 80 columns" in "\n".join(screen)


def test_at_200_columns_every_column_is_there(seed_rows: list[view.Row]) -> None:
    assert _header(_screen(seed_rows, 200)) == ["#", "label", "rule", "score", "art", "text"]


def test_a_narrower_terminal_shrinks_the_rule_column_before_dropping_it(seed_rows: list[view.Row]) -> None:
    wide, middle, narrow = (view.table_layout(seed_rows, w) for w in (200, 100, 80))
    assert "rule" in middle.widths and middle.widths["rule"] < wide.widths["rule"]
    assert "rule" not in narrow.widths and narrow.hidden == ["rule", "score"]
    assert narrow.text > 80 // 2


def _text_rows(screen: list[str], line: int) -> list[str]:
    """The text column's screen rows of dump line `line` (its speaker rows left out)."""
    rows, inside = [], False
    for cells in _body_cells(screen):
        if cells[0].strip():
            inside = cells[0].strip() == str(line)
        if inside and not cells[-1].rstrip().endswith("▸"):
            rows.append(cells[-1])
    return rows


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("line", [1, 3, 5])
def test_arabic_rows_come_in_reading_order(seed_rows: list[view.Row], display, width: int, line: int) -> None:  # type: ignore[no-untyped-def]
    rows = _text_rows(_screen(seed_rows, width), line)
    logical = LINES[line - 1]
    assert rows[0].rstrip().endswith(display(" ".join(logical.split()[:2])))  # the line starts top right
    assert all(not row.endswith(" ") for row in rows)  # right-aligned, as a reader expects
    assert " ".join(display(row.strip()) for row in rows).split() == logical.split()
    if width == 80:
        assert len(rows) > 1  # the case that matters: a wrapped line


def test_brackets_are_mirrored_in_right_to_left_runs(display) -> None:  # type: ignore[no-untyped-def]
    # bidi.get_display of python-bidi >= 0.5 leaves them as they are: ")سوق( صن"
    assert display("نص (قوس)") == "(سوق) صن"


def _highlighted(rows: list[view.Row], width: int) -> list[str]:
    """Per screen row, the characters drawn with the quote's background."""
    console = _console(width)
    out = []
    for line in console.render_lines(view.rich_table(rows, "t", width=width), console.options, pad=False):
        out.append("".join(seg.text for seg in line if seg.style and seg.style.bgcolor))
    return [chars for chars in out if chars.strip()]


@pytest.mark.parametrize(
    "text, quote",
    [
        (
            "The minister said on Tuesday that «the harbour will reopen to ferries and fishing boats "
            "within a month, whatever the weather» before leaving the room.",
            "the harbour will reopen to ferries and fishing boats within a month, whatever the weather",
        ),
        (
            "وقال الوزير يوم الثلاثاء إن «الميناء سيفتح أبوابه أمام العبارات وقوارب الصيد خلال شهر "
            "واحد مهما كان الطقس» ثم غادر القاعة.",
            "الميناء سيفتح أبوابه أمام العبارات وقوارب الصيد خلال شهر واحد مهما كان الطقس",
        ),
    ],
    ids=["en", "ar"],
)
def test_a_quote_keeps_its_highlight_when_it_wraps(display, text: str, quote: str) -> None:  # type: ignore[no-untyped-def]
    start = text.index(quote)
    q = Quote(text=quote, speaker="الوزير", line=0, start=start, end=start + len(quote), cue="said")
    row = view.Row(1, "body", "quotes", 1.0, 0, None, text, [q])
    marked = _highlighted([row], 80)
    assert len(marked) >= 2  # the quote runs over two rows and is marked on both
    assert sorted("".join(marked).replace(" ", "")) == sorted(quote.replace(" ", ""))
