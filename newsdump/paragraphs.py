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

from .normalize import SCRIPT_FULL_STOPS

MIN_WIDTH, MAX_WIDTH = 60, 160  # text browsers and converters wrap at 64-80; pandoc 72; some at 100+
LONG_LINE = 40  # shorter lines say nothing of the width: menu items, short headlines
PILE_UP = 12  # a greedy wrapper breaks a line within a word's length of the width
SLACK = 1  # a trailing space or a wide character the wrapper counted differently
MIN_BREAKS = 5  # fewer lines broken as a wrapper would: nothing to call a width
MAX_OVER_SHARE = 0.2  # breakable lines longer than the width, per line broken at it
OVER_COST = 2  # one breakable overlong line outweighs two lines that fit the width

_FIRST_WORD = regex.compile(r"\S+")
MAX_PIECE_GAP = 2  # blank lines an extractor sets between the text nodes of one sentence
MIN_SENTENCE_WORDS = 8  # fewer: menu entries in lower case, not a sentence cut at its links
_SENTENCE_END = regex.compile(rf"[.!?…{SCRIPT_FULL_STOPS}]['\"”’»」』)\]]*\s*$")
# A piece that goes on a sentence: it starts in lower case, or with the punctuation after a link.
_GOES_ON = regex.compile(r"^\s*(?:\p{Ll}|[,;.)\]»”’])")
_COLUMNS = regex.compile(r"\S {3,}\S")
# The `>` marks a block quote repeats on each of its lines.
_QUOTE_MARK = regex.compile(r"^\s*(?:>\s?)+")
# Lines that start a block of their own, whatever the line before: headings, list items, quotes,
# pandoc's fenced divs (`::: {.note}`).
_BLOCK_START = regex.compile(r"^\s*(?:#{1,6}\s|[*+\-•·>]\s|\d{1,3}[.)]\s|!\[|\||:{3,})")
_FENCE = regex.compile(r"^\s*:{3,}")  # nothing continues a fence line


def wrap_width(lines: Sequence[str], content: Sequence[int]) -> int | None:
    """The column at which the dump was hard-wrapped, or None when it was not.

    Every line followed by another line of its paragraph votes for the widths that would have
    broken it there (its length up to its length plus the next line's first word); breakable lines
    longer than a width vote against it. Converters leave list items, link and image markup and
    table rows unwrapped, so those do not count against a width.
    """
    broken: list[tuple[int, int]] = []  # (length, next first word) of long lines inside a block
    over: list[tuple[int, str]] = []  # long lines that a wrapper at a smaller width would have broken
    for i in content:
        line = lines[i].rstrip()
        if len(line) < LONG_LINE or _COLUMNS.search(line.strip()):
            continue
        if i + 1 < len(lines) and (first := _FIRST_WORD.search(lines[i + 1])):
            broken.append((len(line), len(first.group())))
        if not _BLOCK_START.match(line) and "](" not in line:
            over.append((len(line), line))
    if len(broken) < MIN_BREAKS:
        return None
    best, best_score = None, 0
    for width in range(MIN_WIDTH, MAX_WIDTH + 1):
        fits = sum(width - PILE_UP < n <= width + SLACK and n + 1 + w > width - SLACK for n, w in broken)
        if fits < MIN_BREAKS:
            continue
        overlong = sum(n > width + SLACK and " " in text[:width].strip() for n, text in over)
        if overlong <= MAX_OVER_SHARE * fits and fits - OVER_COST * overlong > best_score:
            best, best_score = width, fits - OVER_COST * overlong
    return best


def paragraph_units(lines: Sequence[str], content: Sequence[int]) -> list[list[int]]:
    """The content lines grouped into units: rejoined paragraphs in a wrapped dump, else single lines;
    then the pieces of a sentence an extractor cut at its inline links, rejoined."""
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
    return _sentences_rejoined(lines, units)


def _sentences_rejoined(lines: Sequence[str], units: list[list[int]]) -> list[list[int]]:
    """Extractors that print one text node per line cut a sentence where a link or an emphasis
    starts or ends, with blank lines between the pieces: "The council voted" / "on Tuesday" / "to
    close the market." A run of units, each ending mid-sentence and followed by one that goes on in
    lower case, becomes one unit when its last piece ends the sentence and the whole reads like one
    (MIN_SENTENCE_WORDS). Scripts without case keep their pieces apart."""
    out: list[list[int]] = []
    k = 0
    while k < len(units):
        end = k
        while end + 1 < len(units) and _piece_goes_on(lines, units[end], units[end + 1]):
            end += 1
        run = units[k : end + 1]
        words = sum(len(lines[i].split()) for unit in run for i in unit)
        if end > k and _SENTENCE_END.search(lines[run[-1][-1]]) and words >= MIN_SENTENCE_WORDS:
            out.append([i for unit in run for i in unit])
            k = end + 1
        else:
            out.append(units[k])
            k += 1
    return out


def _piece_goes_on(lines: Sequence[str], unit: list[int], following: list[int]) -> bool:
    last, first = lines[unit[-1]].rstrip(), lines[following[0]]
    return (
        following[0] - unit[-1] - 1 <= MAX_PIECE_GAP
        and not _SENTENCE_END.search(last)
        and not last.endswith((":", "："))
        and not _BLOCK_START.match(lines[unit[0]])
        and not _BLOCK_START.match(first)
        and bool(_GOES_ON.match(first))
    )


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` is the rest of `previous`, broken there because its first word did not fit."""
    quoted = _QUOTE_MARK.match(previous) and _QUOTE_MARK.match(line)  # a wrapped `> ` block quote
    # Converters set a blank line before a block quote: a `>` right under a line of text is the
    # wrapped rest of it ("Budownictwo > Firmy" broken before its `>`).
    wrapped_mark = not quoted and _QUOTE_MARK.match(line) and not _QUOTE_MARK.match(previous)
    if (
        (not quoted and not wrapped_mark and _BLOCK_START.match(line))
        or _FENCE.match(previous)
        or _COLUMNS.search(line.strip())
        or _COLUMNS.search(previous.strip())
    ):
        return False
    first = _FIRST_WORD.search(_QUOTE_MARK.sub("", line) if quoted else line)
    if first is None:
        return False
    used = len(previous.rstrip())
    return used <= width + SLACK and used + 1 + len(first.group()) > width - SLACK


def unit_text(lines: Sequence[str], unit: Sequence[int]) -> str:
    """A unit's lines joined back into one paragraph."""
    first = lines[unit[0]].rstrip()
    rest = (lines[i].strip() for i in unit[1:])
    if _QUOTE_MARK.match(first):  # a wrapped block quote repeats its `>` on every line: once is enough
        rest = (_QUOTE_MARK.sub("", line) for line in rest)
    return " ".join([first, *rest])
