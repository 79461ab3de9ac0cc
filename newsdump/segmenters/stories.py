"""Pages of several stories: live-ticker entries, wire capsules, news in brief.

Such a page holds one article per story, each with its own headline and text (fine README, rule 7).
Crossheads inside one story look the same (a short line between paragraphs), so an entry's headline
needs a mark that a crosshead lacks:

- a clock time in front of it (`11.04 Uhr: Drohne trifft …`, `14:05 GMT - Talks resume`) or on the
  line above it: a live ticker or live blog, whose entry begins at its time line;
- a date and a time on the line above it (`12 May 2024, 23:40`): a live blog's entry;
- an agency credit closing the text under it (`… on Tuesday. (AP)`): a page of news in brief;
- a dateline opening the paragraph under it (`Cleveland, OH (Sports Network) - …`,
  `دبي، الإمارات (CNN)-- …`): a page of wire capsules, each story filed on its own.

A page needs MIN_ENTRIES entries of one kind; one time-stamped crosshead makes no live ticker.
"""

from __future__ import annotations

import regex

from ..document import Doc
from ..features import line_features
from ..model import Label
from .meta import looks_like_date

# "11.04 Uhr:", "14:05 GMT -", "[10:32]", "9.15 a.m. –", "10h32 :": a clock time, maybe a short
# unit or zone word, then a separator before the entry's headline.
_TIME = r"(?:[\[(]\s*)?(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)(?:\s*(?:[ap]\.?\s?m\.?|\p{L}{1,4}\.?))?(?:\s*[\])])?"
_STAMPED = regex.compile(rf"^\s*{_TIME}\s*(?:[:|•·]|\s[-–—])\s*(?=\S)")
_STAMP_ONLY = regex.compile(rf"^\s*{_TIME}\s*$")
_CLOCK = regex.compile(r"(?<!\d)\d{1,2}[:h]\d{2}(?!\d)")
# "… on Tuesday morning. (AP)", "… am Montag mit. (dpa/lnw)": a brief's agency credit closing its text.
_CREDIT = regex.compile(r"[.!?»\"”]\s*[(（]\s*\p{L}{2,12}(?:\s*/\s*\p{L}{2,12})*\s*[)）]\s*$")
# "Cleveland, OH (Sports Network) -", "PARIS, 3 mai (AFP) –", "دبي، الإمارات العربية المتحدة (CNN)--":
# a place, maybe a date, the agency in parentheses, a dash; or "WASHINGTON —" in capitals.
_DATELINE = regex.compile(
    r"^\s*(?:\p{L}[\p{L}\p{M}'’.\- ]{0,40}(?:[,،]\s*[\p{L}\p{M}\p{N}.'’ ]{1,30}){0,2}\s*[(（][^()（）]{2,40}[)）]"
    r"\s*(?:-{1,2}|[–—])|\p{Lu}{3,}[\p{Lu}\p{M}'’. ]{0,30}(?:,[^–—()]{1,30})?\s(?:-{1,2}|[–—])\s)"
)
# "Donnerstag, 18. 7.", "Tuesday 4 June", "4 juin 2024": a day label (weekday, day, month, year).
_DAY = regex.compile(r"^\s*(?:\p{L}+\.?,?\s+)?\d{1,2}\.?\s*(?:\d{1,2}\.?|\p{L}+\.?)?\s*(?:\d{4})?\s*$")
MAX_DAY_LABEL_WORDS = 6  # "Donnerstag, 18. 7.", "Tuesday 4 June": a ticker's day label, not text
MIN_ENTRIES = 2
MIN_ENTRY_WORDS = 3  # an entry's headline, without its time
ENTRY_LOOKAHEAD = 4  # content lines under a headline (a caption, a credit) before its first paragraph


def story_starts(doc: Doc, after: int) -> list[tuple[int, int]]:
    """(first line, headline line) of every story entry below line `after`, when the page has
    MIN_ENTRIES entries of one kind (time-stamped or datelined); else none."""
    found: dict[str, list[tuple[int, int]]] = {"stamped": [], "datelined": [], "credited": []}
    i = after + 1
    while i < len(doc):
        entry = _entry(doc, i)
        if entry is not None:
            found[entry[0]].append(entry[1:])
            i = entry[2] + 1
        else:
            i += 1
    kind = max(found, key=lambda k: len(found[k]))
    entries = found[kind]
    if len(entries) < MIN_ENTRIES:
        return []
    if kind == "credited":
        for _, headline in entries:
            text = _credited_under(doc, headline)
            if (
                text is not None and doc.labels[text] is not Label.BODY
            ):  # a brief's text, whatever the line model said
                doc.set(text, Label.BODY, "stories.credited", 0.6)
    return entries


def _entry(doc: Doc, i: int) -> tuple[str, int, int] | None:
    """(kind, first line, headline line) of an entry whose headline or time line is line `i`."""
    if doc.labels[i] not in (Label.BODY, Label.BOILERPLATE) or doc.kinds[i] not in (None, "other", "byline"):
        return None
    text = doc.lines[i]
    stamp = _STAMPED.match(text)
    if stamp is not None:
        if _headline_words(text[stamp.end() :]) and _paragraph_under(doc, i) is not None:
            return "stamped", i, i
        return None
    if _STAMP_ONLY.match(text) or time_line(text):
        head = _next_content(doc, i)
        if head is not None and _is_headline(doc, head) and _paragraph_under(doc, head) is not None:
            return "stamped", i, head
        return None
    if not _is_headline(doc, i):
        return None
    paragraph = _paragraph_under(doc, i)
    if paragraph is not None and _DATELINE.match(doc.lines[paragraph]):
        return "datelined", i, i
    if _credited_under(doc, i) is not None:
        return "credited", i, i
    return None


def time_line(text: str) -> bool:
    """A line of a date and a clock time and nothing else (`12 May 2024, 23:40`, `12.05.2024 22:15`)."""
    return (
        bool(_CLOCK.search(text))
        and looks_like_date(text)
        and line_features(text).words <= MAX_DAY_LABEL_WORDS
    )


def _credited_under(doc: Doc, i: int) -> int | None:
    """The prose line under headline `i`, before any other headline, that ends in an agency credit."""
    from .articles import _prose, headline_like

    j = i
    for _ in range(ENTRY_LOOKAHEAD):
        j = _next_content(doc, j)
        if j is None or (headline_like(doc, j) and line_features(doc.lines[j]).words >= MIN_ENTRY_WORDS):
            return None
        if doc.kinds[j] in (None, "other") and _prose(doc.lines[j]) and _CREDIT.search(doc.lines[j]):
            return j
    return None


def _is_headline(doc: Doc, i: int) -> bool:
    from .articles import headline_like  # articles imports this module

    return doc.labels[i] is not Label.BLANK and headline_like(doc, i) and _headline_words(doc.lines[i])


def _headline_words(text: str) -> bool:
    from .articles import _headline_text

    return line_features(text).words >= MIN_ENTRY_WORDS and _headline_text(text, False, False)


def _paragraph_under(doc: Doc, i: int) -> int | None:
    """The first prose line of body under line `i`, past a caption or a credit, before any headline."""
    from .articles import _prose, headline_like

    j, seen = i, 0
    while seen < ENTRY_LOOKAHEAD:
        j = _next_content(doc, j)
        if j is None:
            return None
        if doc.labels[j] is Label.BODY and _prose(doc.lines[j]):
            return j
        if headline_like(doc, j) and line_features(doc.lines[j]).words >= MIN_ENTRY_WORDS:
            return None  # the next headline: this one had no text of its own
        seen += 1
    return None


def _next_content(doc: Doc, i: int, within: int = 4) -> int | None:
    for j in range(i + 1, min(len(doc), i + within)):
        if doc.labels[j] is not Label.BLANK:
            return j
    return None


def mark_day_labels(doc: Doc, entries: list[tuple[int, int]]) -> None:
    """A ticker groups its entries by day: a short date line right above an entry is no body."""
    for start, _ in entries:
        above = next(
            (j for j in range(start - 1, max(-1, start - 4), -1) if doc.labels[j] is not Label.BLANK), None
        )
        if (
            above is not None
            and doc.labels[above] is Label.BODY
            and line_features(doc.lines[above]).words <= MAX_DAY_LABEL_WORDS
            and (looks_like_date(doc.lines[above]) or _DAY.match(doc.lines[above]) is not None)
        ):
            doc.set(above, Label.BOILERPLATE, "stories.day", 0.7, kind="byline")
