"""A labeled dump for people: one row per line (number, label, rule, score, article, text).

Two renderings share the rows: `plain_rows` is tab-separated text for pipes and scripts (text in
logical order, no color), `rich_table` is a colored table for a terminal.

Right-to-left lines: rich writes characters in logical order and most terminals (xterm, tmux,
VS Code, Windows Terminal) do no bidi reordering, so Arabic or Hebrew comes out with its letters
reversed. With python-bidi installed (`pip install 'newsdump[rtl]'`), RTL lines are put in visual
order and right-aligned; without it they are right-aligned in logical order and a one-line hint
says so. Terminals that reorder by themselves (GNOME Terminal/VTE, Konsole, mlterm) want `--no-bidi`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .document import Doc
from .model import Label, Quote

LABEL_STYLES = {
    "title": "bold magenta",
    "body": "green",
    "boilerplate": "bright_black",
    "related": "cyan",
    "embed": "blue",
    "comment": "yellow",
    "blank": "dim",
}
QUOTE_STYLE = "bold black on yellow"
SPEAKER_STYLE = "italic yellow"
RTL_CLASSES = frozenset({"R", "AL"})


@dataclass(slots=True)
class Row:
    line: int  # 1-based
    label: str
    rule: str
    score: float
    article: int | None
    kind: str | None
    text: str
    quotes: list[Quote] = field(default_factory=list)
    features: dict[str, float] | None = None


def doc_rows(doc: Doc, only: set[str] | None = None) -> list[Row]:
    """The doc's lines as rows; `only` keeps the rows whose label is in it."""
    quotes: dict[int, list[Quote]] = {}
    for q in doc.quotes:
        quotes.setdefault(q.line, []).append(q)
    rows = []
    for i, text in enumerate(doc.lines):
        label = doc.labels[i].value
        if only and label not in only:
            continue
        feats = doc.features[i] if doc.features and i < len(doc.features) else None
        rows.append(
            Row(
                i + 1,
                label,
                doc.rules[i],
                doc.scores[i],
                doc.articles[i],
                doc.kinds[i],
                text,
                sorted(quotes.get(i, []), key=lambda q: q.start),
                feats,
            )  # fmt: skip
        )
    return rows


def is_rtl(text: str) -> bool:
    """The first strong character is right-to-left (the rule of dir="auto")."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in RTL_CLASSES:
            return True
        if direction == "L":
            return False
    return False


def bidi_display() -> Callable[[str], str] | None:
    """python-bidi's visual reordering, or None when it is not installed.

    `bidi.algorithm.get_display` (python-bidi 0.4 and, kept, 0.5+) mirrors brackets in right-to-left
    runs (rule L4): «نص (قوس)» shows as «(سوق) صن». The Rust `bidi.get_display` of python-bidi >= 0.5
    does not («)سوق( صن»), so it is only the fallback for a release without the old module.
    """
    try:
        from bidi.algorithm import get_display
    except ImportError:
        try:
            from bidi import get_display
        except ImportError:
            return None
    return get_display  # type: ignore[no-any-return]


def _features_text(features: dict[str, float] | None) -> str:
    if not features:
        return ""
    return " ".join(
        f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in features.items() if k != "line"
    )


def _quotes_text(quotes: list[Quote]) -> str:
    return " | ".join(f"«{q.text}» — {q.speaker or '?'}" for q in quotes)


def _article(row: Row) -> str:
    return "-" if row.article is None else str(row.article)


def _rule(row: Row) -> str:
    return f"{row.rule} ({row.kind})" if row.kind and row.kind not in row.rule else row.rule


def plain_rows(rows: list[Row], features: bool = False) -> list[str]:
    """Tab-separated: line, label, rule, score, article, text, quotes[, features]; tabs in text become spaces."""
    out = [
        "\t".join(["line", "label", "rule", "score", "article", "text", "quotes", *(["features"] * features)])
    ]
    for row in rows:
        cells = [str(row.line), row.label, _rule(row), f"{row.score:.3f}", _article(row),
                 row.text.replace("\t", " "), _quotes_text(row.quotes)]  # fmt: skip
        if features:
            cells.append(_features_text(row.features))
        out.append("\t".join(cells))
    return out


def _styled_text(row: Row, display: Callable[[str], str] | None, width: int, console: Any) -> Any:
    """The line as rich Text: quotes highlighted, RTL lines right-aligned (and reordered when possible)."""
    from rich.text import Text

    rtl = is_rtl(row.text)
    text = Text(row.text, justify="right" if rtl else "left")
    for q in row.quotes:
        text.stylize(QUOTE_STYLE, q.start, q.end)
    if rtl and display is not None:
        return _visual_rtl(row, text, display, width, console)
    for q in row.quotes:
        text.append(f"  ◂ {q.speaker or '?'}", style=SPEAKER_STYLE)
    return text


def _visual_rtl(row: Row, logical: Any, display: Callable[[str], str], width: int, console: Any) -> Any:
    """Wrap in logical order first, then reorder each row: the first row must hold the line's start.

    Rows are exactly as wide as the column at most, so rich never wraps the reordered text again.
    Offsets do not survive reordering, so each quote's part in a row is found by its visual form.
    """
    from rich.text import Text

    text = Text(justify="right")
    for i, chunk in enumerate(logical.wrap(console, width, justify="default", overflow="fold")):
        chunk.rstrip()
        visual = display(chunk.plain)
        text.append(("\n" if i else "") + visual)
        row_start = len(text.plain) - len(visual)
        for span in chunk.spans:
            part = display(chunk.plain[span.start : span.end].strip())
            at = visual.find(part) if part else -1
            if at >= 0:
                text.stylize(span.style, row_start + at, row_start + at + len(part))
    for q in row.quotes:  # one row each, so that no row outgrows the width it was wrapped to
        text.append(f"\n{display(q.speaker or '?')} ▸"[: width + 1], style=SPEAKER_STYLE)
    return text


# On a narrow terminal the text keeps at least this share of the width: the rule column shrinks
# first (to RULE_MIN cells, cut with an ellipsis), then the score column goes, then the rule too.
# A pipe (tab-separated rows) and --html always have every column.
TEXT_SHARE = 0.55
RULE_MIN = 12
RULE_MAX = 28
FEATURES_MAX = 40


def _table_overhead(columns: int) -> int:
    """Cells a table without edge padding spends on borders and padding."""
    return (columns + 1) + 2 * columns - 2


@dataclass(slots=True)
class Layout:
    """Widths of the columns shown (text last), and the names of those left out."""

    widths: dict[str, int]
    hidden: list[str]

    @property
    def text(self) -> int:
        return self.widths["text"]


def table_layout(rows: list[Row], width: int, features: bool = False) -> Layout:
    """The columns for a table `width` cells wide: the text gets the space, the diagnostics give way."""
    widths = {
        "#": max(1, len(str(rows[-1].line)) if rows else 1),
        "label": max(len(label) for label in LABEL_STYLES),
        "rule": min(RULE_MAX, max((len(_rule(row)) for row in rows), default=4)),
        "score": len("score"),
        "art": max(3, *(len(_article(row)) for row in rows)) if rows else 3,
        **({"features": min(FEATURES_MAX, width // 4)} if features else {}),
    }

    def text_width() -> int:
        return width - sum(widths.values()) - _table_overhead(len(widths) + 1)

    wanted = int(width * TEXT_SHARE)
    full_rule = widths["rule"]

    def fit_rule() -> None:
        if "rule" in widths:
            widths["rule"] = full_rule
            widths["rule"] = max(RULE_MIN, full_rule - max(0, wanted - text_width()))

    fit_rule()
    for column in ("score", "rule"):
        if text_width() >= wanted:
            break
        del widths[column]
        fit_rule()
    hidden = [column for column in ("rule", "score") if column not in widths]
    widths["text"] = max(10, text_width())
    return Layout(widths, hidden)


def rich_table(
    rows: list[Row], title: str, features: bool = False, bidi: bool = True, width: int = 120
) -> Any:
    """A colored table `width` cells wide; the text column gets most of it (see `table_layout`)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    display = bidi_display() if bidi else None
    layout = table_layout(rows, width, features)
    caption = (
        f"{' and '.join(layout.hidden)} left out at {width} columns: a wider terminal or --plain shows them"
        if layout.hidden
        else None
    )
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left", pad_edge=False)
    for name, cells in layout.widths.items():
        numeric = name in ("#", "score", "art")
        wraps = name in ("text", "features")  # a number, a label or a rule never breaks over rows
        table.add_column(
            name, width=cells, justify="right" if numeric else "left",
            no_wrap=not wraps, overflow="fold" if wraps else "ellipsis",
        )  # fmt: skip
    wrapper = Console(width=layout.text)  # wraps RTL lines (tab size, cell widths), prints nothing
    for row in rows:
        cells: list[Any] = [str(row.line), Text(row.label, style=LABEL_STYLES.get(row.label, ""))]
        if "rule" in layout.widths:
            cells.append(Text(_rule(row), style="dim"))
        if "score" in layout.widths:
            cells.append(f"{row.score:.2f}")
        cells.append(_article(row))
        if features:
            cells.append(Text(_features_text(row.features), style="dim"))
        cells.append(_styled_text(row, display, layout.text, wrapper))
        table.add_row(*cells, style="dim" if row.label == Label.BLANK.value else None)
    return table


def needs_bidi_hint(rows: list[Row]) -> bool:
    """RTL text is shown but python-bidi is missing: tell once how to get readable lines."""
    return bidi_display() is None and any(is_rtl(row.text) for row in rows)


BIDI_HINT = (
    "newsdump: right-to-left lines are shown in logical order (right-aligned); "
    "`pip install 'newsdump[rtl]'` puts them in reading order for terminals without bidi support"
)
