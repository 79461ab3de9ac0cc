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

import textwrap
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
    """python-bidi's visual reordering, or None when it is not installed."""
    try:
        from bidi import get_display  # python-bidi >= 0.5
    except ImportError:
        try:
            from bidi.algorithm import get_display  # python-bidi 0.4
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


def _styled_text(row: Row, display: Callable[[str], str] | None, width: int) -> Any:
    """The line as rich Text: quotes highlighted, RTL lines right-aligned (and reordered when possible)."""
    from rich.text import Text

    rtl = is_rtl(row.text)
    if rtl and display is not None:
        return _visual_rtl(row, display, width)
    text = Text(row.text, justify="right" if rtl else "left")
    for q in row.quotes:
        text.stylize(QUOTE_STYLE, q.start, q.end)
    for q in row.quotes:
        text.append(f"  ◂ {q.speaker or '?'}", style=SPEAKER_STYLE)
    return text


def _visual_rtl(row: Row, display: Callable[[str], str], width: int) -> Any:
    """Wrap in logical order first, then reorder each row: the first row must hold the line's start.

    Offsets do not survive reordering, so each quote is found by its visual form within a row.
    """
    from rich.text import Text

    rows = [display(chunk) for chunk in textwrap.wrap(row.text, max(width, 10)) or [""]]
    text = Text("\n".join(rows), justify="right")
    for q in row.quotes:
        visual = display(q.text)
        at = text.plain.find(visual)
        if at >= 0:
            text.stylize(QUOTE_STYLE, at, at + len(visual))
    for q in row.quotes:  # one row each, so that no row outgrows the width it was wrapped to
        text.append(f"\n{display(q.speaker or '?')} ▸", style=SPEAKER_STYLE)
    return text


def rich_table(
    rows: list[Row], title: str, features: bool = False, bidi: bool = True, width: int = 120
) -> Any:
    """A colored table `width` cells wide; the text column gets what the others leave."""
    from rich.table import Table
    from rich.text import Text

    display = bidi_display() if bidi else None
    fixed = {
        "#": len(str(rows[-1].line)) if rows else 1,
        "label": len("boilerplate"),
        "rule": min(28, max((len(_rule(row)) for row in rows), default=4)),
        "score": 5,
        "art": 3,
        **({"features": 40} if features else {}),
    }
    text_width = max(20, width - sum(fixed.values()) - 3 * (len(fixed) + 1))
    table = Table(title=title, title_justify="left", pad_edge=False)
    for name, cells in fixed.items():
        numeric = name in ("#", "score", "art")
        table.add_column(name, width=cells, justify="right" if numeric else "left", overflow="fold")
    table.add_column("text", width=text_width, overflow="fold")
    for row in rows:
        cells = [str(row.line), Text(row.label, style=LABEL_STYLES.get(row.label, "")), Text(_rule(row), style="dim"),
                 f"{row.score:.2f}", _article(row)]  # fmt: skip
        if features:
            cells.append(Text(_features_text(row.features), style="dim"))
        cells.append(_styled_text(row, display, text_width))
        table.add_row(*cells, style="dim" if row.label == Label.BLANK.value else None)
    return table


def needs_bidi_hint(rows: list[Row]) -> bool:
    """RTL text is shown but python-bidi is missing: tell once how to get readable lines."""
    return bidi_display() is None and any(is_rtl(row.text) for row in rows)


BIDI_HINT = (
    "newsdump: right-to-left lines are shown in logical order (right-aligned); "
    "`pip install 'newsdump[rtl]'` puts them in reading order for terminals without bidi support"
)
