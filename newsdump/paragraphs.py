"""Hard-wrapped dumps: find the wrap width and rejoin the lines of each wrapped paragraph.

Text browsers and HTML-to-text converters (lynx, w3m, html2text) break paragraphs at a fixed
width, about 70-80 columns. A paragraph then arrives as several short lines without terminal
punctuation, which look like a menu to a line classifier. Greedy wrapping leaves a trace we can
test: a line was broken only when the next line's first word did not fit on it, and the lengths
of the lines of long paragraphs pile up just under the width. Where that trace is clear, the
segmenters score each rejoined paragraph as one unit; elsewhere every line is its own unit.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

MIN_LONG_LINES = 8  # fewer lines than this of LONG_LINE chars or more: nothing to measure a width on
LONG_LINE = 40
MIN_WIDTH, MAX_WIDTH = 50, 160
PILE_UP = 12  # lines broken by a greedy wrapper end within a word's length of the width
MIN_PILE_SHARE = 0.45  # of the long lines end in the pile-up zone just under the width
MAX_OVER_SHARE = 0.08  # of the long lines may exceed the width (unbreakable URLs, unwrapped leads)
SLACK = 1  # a trailing space or a wide character the wrapper counted differently

_FIRST_WORD = regex.compile(r"\S+")
_COLUMNS = regex.compile(r"\S {3,}\S")
# Lines that start a block of their own, whatever the line before: headings, list items, quotes.
_BLOCK_START = regex.compile(r"^\s*(?:#{1,6}\s|[*+\-•·>]\s|\d{1,3}[.)]\s|!\[|\|)")


def wrap_width(lines: Sequence[str], content: Sequence[int]) -> int | None:
    """The column at which the dump was hard-wrapped, or None when it was not."""
    # Table rows padded into columns also pile up at one width: they are not wrapped prose.
    long = sorted(
        n
        for i in content
        if (n := len(lines[i].rstrip())) >= LONG_LINE and not _COLUMNS.search(lines[i].strip())
    )
    if len(long) < MIN_LONG_LINES:
        return None
    width = long[len(long) - 1 - int(len(long) * MAX_OVER_SHARE)]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    piled = sum(width - PILE_UP < n <= width for n in long)
    return width if piled >= MIN_PILE_SHARE * len(long) else None


def paragraph_units(lines: Sequence[str], content: Sequence[int]) -> list[list[int]]:
    """The content lines grouped into units: rejoined paragraphs in a wrapped dump, else single lines."""
    width = wrap_width(lines, content)
    units: list[list[int]] = []
    for i in content:
        if (
            width is not None
            and units
            and units[-1][-1] == i - 1
            and _continues(lines[i - 1], lines[i], width)
        ):
            units[-1].append(i)
        else:
            units.append([i])
    return units


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` is the rest of `previous`, broken there because its first word did not fit."""
    if _BLOCK_START.match(line) or _COLUMNS.search(line.strip()) or _COLUMNS.search(previous.strip()):
        return False
    first = _FIRST_WORD.search(line)
    if first is None:
        return False
    used = len(previous.rstrip())
    return used <= width + SLACK and used + 1 + len(first.group()) > width - SLACK


def unit_text(lines: Sequence[str], unit: Sequence[int]) -> str:
    """A unit's lines joined back into one paragraph."""
    return " ".join([lines[unit[0]].rstrip(), *(lines[i].strip() for i in unit[1:])])
