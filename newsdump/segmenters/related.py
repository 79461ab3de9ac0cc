"""Related-link lists: the headlines a page attaches to its article.

Recognized three ways:

- by a header: a cue (`lexicons/related/<lang>.toml`, category `read_more`: "Read also", "مقالات
  مشابهة", "Sur le même sujet", "Материалы по теме" ...) or a short line ending in a colon, followed
  by headline-like lines;
- by a prefix on the line itself (category `adjacent`: "Next article ...", "Siguiente artículo: ...");
- by shape: an unheaded run of three or more headline-like lines right after the article.

A list is read block by block (blocks are separated by blank lines) and ends at prose, an embed,
a widget, a new header or an `end` cue ("Tags", "Комментарии"), or after a few blocks without a
headline. Inside a list only the headlines are `related`: teaser text, bylines, dates, kickers and
the repeated headline of a teaser card are boilerplate. Site-wide boxes (category `most_read`:
"Most read", "أهم الأخبار", "热图") are boilerplate of kind `most_read` and belong to no article. A
header followed by a headline and prose introduces a second article: the article segmenter takes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from .. import lexicon
from ..document import Doc
from ..features import line_features, strip_bullet
from ..model import Label
from ..normalize import for_matching
from .articles import _headline_text as headline_text
from .articles import (
    find_title,
    headline_like,
    introduces_article,
    main_block,
    next_content,
    teaser_in_body,
)
from .meta import looks_like_date
from .stories import time_line

READ_MORE, MOST_READ, ADJACENT, BYLINE, END = "read_more", "most_read", "adjacent", "byline", "end"
HEADERS = frozenset({READ_MORE, MOST_READ, ADJACENT, END})
# A read-also header placed where no list of the article stands (above its headline, below its
# comments, under a site-wide box's header): its headlines are site-wide, the rest is left alone.
SIDEBAR = "sidebar"
_TRUNCATED = regex.compile(r"(?:…|\.{3})\s*$")
_HEADING = regex.compile(r"^\s*(#{1,6})\s")
# "Related Links:", "Более по теме:" (a word before the colon: ":::" is a pandoc fence, not a header)
_COLON_HEADER = regex.compile(r"\p{L}[\p{L}\p{N}\s)»\"'’]*[:：]\s*[_*]*\s*$")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
# "Headline 2012-01-17 15:47:29", "Headline (12.03.2021)": the list prints each item's date after it.
_TRAILING_DATE = regex.compile(
    r"\s+\(?\d{1,4}[-./]\d{1,2}[-./]\d{1,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\)?\s*$"
)
# "Jonas Roth 09.07.2024 5 min": a teaser card's byline, date and reading time, never its headline.
_CARD_META = regex.compile(
    r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}\s+\d+\s*(?:min|mins|minutes?|minuten|Min\.?)\s*$"
)
# Pandoc fenced-div fences (`::: {.carousel}`) and other markup rows: never a headline.
_FENCE = regex.compile(r"^\s*:::")
# "harbour-terminal-1200x800.jpg", "![](/img/museum.png)": a card's image, by its file name.
_IMAGE_FILE = regex.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)\b", regex.IGNORECASE)
MAX_CARD_LINES = 6  # kicker, headline, image, teaser, date, byline
MAX_KICKER_WORDS = 3  # "Economy", "Local news": a card's rubric above its headline
MAX_CARD_TEASER_WORDS = 30  # a card's teaser is a sentence or two; an article paragraph is longer
MIN_TOPIC_CHARS = 5  # "Kylie", "Stormi", "Hafen": shorter words are mostly function words
MAX_LIST_LINES = 300  # no list runs longer: a bound on the work per header
MIN_INLINE_WORDS = 3  # "Read also: <headline>": a headline has this many words at least
MAX_BLOCK = 12  # a teaser or a wrapped paragraph is shorter; longer runs are not looked at whole
WRAP_CHARS = 55  # lines this long, followed by more text, are hard-wrapped prose (half for CJK)
_PREFIX_SEPARATORS = ":：-–—»›"  # between a prefix ("Read also", "Next article") and its headline
# Kinds of boilerplate that end a list: the page has moved on to widgets, comments or the footer.
_ENDS_LIST = frozenset({"share", "comment", "copyright", "newsletter", "navigation", "tags"})
# Labels that end the search for an unheaded list after the article.
_ENDS_SHAPE = frozenset({Label.BODY, Label.EMBED, Label.RELATED, Label.COMMENT})


@dataclass(frozen=True, slots=True)
class Limits:
    max_header_words: int = 8  # a header is a short line
    max_blank_run: int = 2  # more blank lines in a row end a list
    max_skipped_blocks: int = 3  # blocks without a headline (teasers, dates, images) before a list ends
    min_shape_items: int = 3  # an unheaded list needs this many headlines
    min_shape_words: int = 3  # ... each at least this long (menu items are shorter)
    min_shape_cjk: int = 8  # ... or this many Han/kana characters
    shape_window: int = 12  # content lines after the article's last body line to look for one


class RelatedSegmenter:
    name = "related"

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()

    def __call__(self, doc: Doc) -> None:
        cues = lexicon.load("related", (doc.lang or "", "en"))
        span = _article_span(doc)
        for i in doc.content_lines():
            if doc.labels[i] not in (Label.BOILERPLATE, Label.BODY) or doc.rules[i].startswith("related."):
                continue
            words = line_features(doc.lines[i]).words
            cue = cues.match(doc.keys[i]) if words <= self.limits.max_header_words + 8 else None
            if cue is not None and cue.category == ADJACENT:
                self._adjacent(doc, i, cue.mode)
            elif cue is not None and cue.category == READ_MORE and _inline_item(doc.lines[i], doc.lang):
                doc.set(i, Label.RELATED, "related.inline", 0.8)  # "Read also: <headline>" in the body
            elif words > self.limits.max_header_words + (4 if _COLON_HEADER.search(doc.lines[i]) else 0):
                continue
            elif cue is not None and cue.category in (READ_MORE, MOST_READ):
                placed = cue.category == READ_MORE and not span[0] <= i <= span[1]
                tab = cue.category == READ_MORE and _tab_of_site_box(doc, i, cues)
                stop = span[0] if i < span[0] else len(doc)  # a box above the headline ends there
                self._headed_list(doc, i, SIDEBAR if placed or tab else cue.category, cues, stop)
            elif (
                cue is None
                and doc.labels[i] is Label.BOILERPLATE
                and _COLON_HEADER.search(doc.lines[i])
                and span[0] <= i <= span[1]
            ):
                self._headed_list(doc, i, "colon", cues)
        self._card_list(doc, cues)
        self._unheaded_list(doc, cues)
        self._topical_boxes(doc, span)

    def _adjacent(self, doc: Doc, i: int, mode: str) -> None:
        """ "Next article: <headline>" is an item; a bare "Next article" heads a one-item list."""
        if mode != "line" and not _COLON_HEADER.search(doc.lines[i]):
            doc.set(i, Label.RELATED, "related.adjacent", 0.85)
            return
        headline = next_content(doc, i, within=3)
        if (
            headline is not None
            and doc.labels[headline] is Label.BOILERPLATE
            and headline_like(doc, headline)
        ):
            doc.set(i, Label.BOILERPLATE, "related.header.adjacent", 0.8, kind="read_more")
            doc.set(headline, Label.RELATED, "related.adjacent", 0.8)

    def _headed_list(
        self, doc: Doc, header: int, category: str, cues: lexicon.Lexicon, stop: int | None = None
    ) -> None:
        one_box = category in (MOST_READ, SIDEBAR)
        lines = [j for j in self._list_after(doc, header, cues, one_box) if stop is None or j < stop]
        if category == "colon":  # a colon introduces what follows it, not the rest of the page
            gap = next((n for n in range(1, len(lines)) if lines[n] != lines[n - 1] + 1), len(lines))
            lines = lines[:gap]
        items = _headlines(doc, lines, cues)
        if (
            category != MOST_READ
            and 0 < len(items) <= 2
            and introduces_article(doc, items[0])
            and not teaser_in_body(doc, header, items[0])
        ):
            return  # a read-also article: the article segmenter splits there
        article = (
            next((j for j in items if introduces_article(doc, j)), None) if category == MOST_READ else None
        )
        if article is not None:  # a site-wide box that runs into the article's headline stops before it
            items = [j for j in items if j < article]
            lines = [j for j in lines if j < article]
        if not items:
            return
        if category == "colon" and not self._colon_list(doc, items):
            return  # a colon ends many a sentence, and heads menus: only a list of headlines makes it a header
        if category == MOST_READ:
            doc.set(header, Label.BOILERPLATE, "related.site_wide.header", 0.85, kind="most_read")
            for j in lines:
                doc.set(j, Label.BOILERPLATE, "related.site_wide", 0.7, kind="most_read")
            return
        if category == SIDEBAR:  # a read-also box the site shows beside every page: only its headlines
            doc.set(header, Label.BOILERPLATE, "related.site_wide.header", 0.85, kind="most_read")
            for j in items:
                doc.set(j, Label.BOILERPLATE, "related.site_wide", 0.7, kind="most_read")
            return
        doc.set(header, Label.BOILERPLATE, f"related.header.{category}", 0.85, kind="read_more")
        for j in lines:
            if j in items:
                doc.set(j, Label.RELATED, "related.list", 0.8)
            elif doc.labels[j] is Label.BODY:
                doc.set(j, Label.BOILERPLATE, "related.teaser", 0.6, kind="read_more")

    def _colon_list(self, doc: Doc, items: list[int]) -> bool:
        long_items = all(self._long_enough(doc.lines[j]) for j in items)
        return long_items and (len(items) >= 3 or all(line_features(doc.lines[j]).bullet for j in items))

    def _long_enough(self, text: str) -> bool:
        """Long enough for a headline: menu items and sort options are shorter."""
        if _CJK.search(text):
            return len(_CJK.findall(text)) >= self.limits.min_shape_cjk
        return line_features(text).words >= self.limits.min_shape_words

    def _list_after(self, doc: Doc, header: int, cues: lexicon.Lexicon, one_box: bool = False) -> list[int]:
        """The content lines of the list under `header`, block by block (with `one_box`, up to the
        next block that a short line of its own heads: a site-wide box ends where another begins)."""
        lines: list[int] = []
        skipped = 0
        for block in _blocks(doc, header + 1, self.limits.max_blank_run):
            if one_box and lines and self._boxed(doc, block):
                break
            end = next(
                (
                    n
                    for n, j in enumerate(block)
                    if self._ends_list(doc, j, cues, bool(lines) or n > 0, header, (lines or block)[0])
                ),
                None,
            )
            block = block[:end] if end is not None else block
            if any(_item_like(doc, j) for j in block):
                lines.extend(block)
                skipped = 0
            elif block:
                lines.extend(block)
                skipped += 1
            if end is not None or skipped > self.limits.max_skipped_blocks:
                break
        while lines and not _item_like(doc, lines[-1]):
            lines.pop()
        return lines

    def _ends_list(
        self, doc: Doc, j: int, cues: lexicon.Lexicon, started: bool, header: int, first: int
    ) -> bool:
        label = doc.labels[j]
        if label in (Label.EMBED, Label.TITLE, Label.RELATED, Label.COMMENT) or doc.rules[j].startswith(
            "related."
        ):
            return True
        if line_features(doc.lines[j]).words <= self.limits.max_header_words:
            cue = cues.match(doc.keys[j])
            if cue is not None and cue.category in HEADERS:
                return True
        if label is Label.BOILERPLATE and doc.kinds[j] in _ENDS_LIST:
            return True
        if started and _HEADING.match(doc.lines[j]) and not self._heading_item(doc, j, header, first):
            return True
        if started and _colon_header(doc.lines[j], self.limits.max_header_words):
            return True  # "More on:", "Related Links:": the next box's header
        return (
            label is Label.BODY
            and _prose(doc.lines[j])
            and not _in_prose_block(doc, j)
            and not (started and _teaser_text(doc, j))
        )

    def _card_list(self, doc: Doc, cues: lexicon.Lexicon) -> None:
        """Unheaded teaser cards after the article's first paragraph: blocks laid out alike (kicker,
        headline, image file, teaser text, date), each with one headline and an image or a date. Only
        the headlines are related; the teaser text is boilerplate even where it reads as prose."""
        block = main_block(doc)
        if block is None:
            return
        run: list[tuple[int, list[str]]] = []  # (headline, layout) of consecutive cards
        for lines in _blocks_from(doc, block[0] + 1):
            card = self._card(doc, lines, cues)
            if card is not None and (not run or run[-1][1] == card[1]):
                run.append(card)
                continue
            self._close_cards(doc, run)
            run = [card] if card is not None else []
        self._close_cards(doc, run)

    def _card(self, doc: Doc, lines: list[int], cues: lexicon.Lexicon) -> tuple[int, list[str]] | None:
        """(headline, layout) of a teaser card, or None for any other block."""
        if not 2 <= len(lines) <= MAX_CARD_LINES or any(doc.rules[j].startswith("related.") for j in lines):
            return None
        layout = [_card_part(doc, j, n, cues, self._long_enough(doc.lines[j])) for n, j in enumerate(lines)]
        if layout.count("headline") != 1 or layout.count("teaser") > 1 or "other" in layout:
            return None
        if "date" not in layout and "image" not in layout:
            return None  # a crosshead over its paragraph has neither
        stamped = [j for j in lines[: layout.index("headline")] if time_line(doc.lines[j])]
        if stamped:
            return None  # a date and a time over a headline and its text: a live blog's entry
        return lines[layout.index("headline")], layout

    def _close_cards(self, doc: Doc, run: list[tuple[int, list[str]]]) -> None:
        if len(run) < self.limits.min_shape_items:
            return
        for headline, _ in run:
            doc.set(headline, Label.RELATED, "related.card", 0.6)
            for j in _block_of(doc, headline):
                if doc.labels[j] is Label.BODY:
                    doc.set(j, Label.BOILERPLATE, "related.teaser", 0.6, kind="read_more")

    def _boxed(self, doc: Doc, block: list[int]) -> bool:
        """A block headed by a short line of its own (`Culture`, `Mehr Kultur`) over two or more
        headlines: a box of its own."""
        head = line_features(doc.lines[block[0]])
        if not 1 <= head.words <= MAX_KICKER_WORDS or head.terminal or _item_like(doc, block[0]):
            return False
        items = [j for j in block[1:] if _item_like(doc, j) and self._long_enough(doc.lines[j])]
        return len(items) >= 2 and len(items) * 2 > len(block) - 1

    def _topical_boxes(self, doc: Doc, span: tuple[int, int]) -> None:
        """A box after the article under a header the lexicon does not know, whose headlines mostly
        share a word with the article's headline: the page's own related list (a site-wide box
        names other stories)."""
        block = main_block(doc)
        title = find_title(doc, block[0])[0] if block is not None else None
        if block is None or title is None:
            return
        words = _topic_words(doc.lines[title])
        for lines in _blocks_from(doc, block[1] + 1):
            if lines[0] >= span[1]:
                return
            if any(
                doc.labels[j] is not Label.BOILERPLATE or doc.rules[j].startswith("related.") for j in lines
            ):
                continue
            if not self._boxed(doc, lines):
                continue
            items = [j for j in lines[1:] if _item_like(doc, j) and self._long_enough(doc.lines[j])]
            topical = [j for j in items if _topic_words(doc.lines[j]) & words]
            if len(items) >= self.limits.min_shape_items and len(topical) * 2 > len(items):
                doc.set(lines[0], Label.BOILERPLATE, "related.header.topic", 0.6, kind="read_more")
                for j in items:
                    doc.set(j, Label.RELATED, "related.topic", 0.6)

    def _heading_item(self, doc: Doc, j: int, header: int, first: int) -> bool:
        """`### New bus line connects the valley towns`: a markdown heading at the level of the list's
        first item, below the header's, and long enough is one of its headlines, not the next box's
        header (nor the page's H1)."""
        level = _heading_level(doc.lines[j])
        above = _heading_level(doc.lines[header])
        if level < 2 or level != _heading_level(doc.lines[first]) or (above and level <= above):
            return False
        return self._long_enough(doc.lines[j]) and headline_like(doc, j)

    def _unheaded_list(self, doc: Doc, cues: lexicon.Lexicon) -> None:
        """The first run of headlines with no header right after the article's main body."""
        block = main_block(doc)
        if block is None:
            return
        run: list[int] = []
        seen = 0
        for j in range(block[1] + 1, len(doc)):
            if doc.labels[j] is Label.BLANK:
                if j + 1 < len(doc) and doc.labels[j + 1] is Label.BLANK and self._close(doc, run):
                    return
                if j + 1 < len(doc) and doc.labels[j + 1] is Label.BLANK:
                    run = []
                continue
            seen += 1
            cue = cues.match(doc.keys[j])
            if cue is not None and cue.category in (END, MOST_READ):
                break  # tags, comments or a site-wide box: the article is over
            if self._shape_item(doc, j, cues):
                run.append(j)
                continue
            if self._close(doc, run):
                return
            run = []
            if doc.labels[j] in _ENDS_SHAPE or doc.rules[j].startswith("related."):
                return
            if seen > self.limits.shape_window:
                return
        self._close(doc, run)

    def _shape_item(self, doc: Doc, j: int, cues: lexicon.Lexicon) -> bool:
        text = doc.lines[j]
        features = line_features(text)
        if doc.labels[j] is Label.BODY and not _TRUNCATED.search(text):
            return False  # only a truncated headline may pass for prose
        return (
            self._long_enough(text)
            and _item_like(doc, j)
            and not features.bullet
            and cues.match(doc.keys[j]) is None
        )

    def _close(self, doc: Doc, run: list[int]) -> bool:
        blocks: list[list[int]] = []
        for j in run:
            if blocks and all(doc.labels[i] is not Label.BLANK for i in range(blocks[-1][-1] + 1, j)):
                blocks[-1].append(j)
            else:
                blocks.append([j])
        blocks = [block for block in blocks if len(block) < 2 or not _widget_row(doc, block)]
        header = None
        if len(blocks) >= 2 and len(blocks[0]) == 1 and len(blocks[1]) >= 2:
            header = blocks[0][0]  # "Keep exploring the valley", a blank, then a block of headlines
            blocks = blocks[1:]
        run = [j for block in blocks for j in block]
        if len(run) < self.limits.min_shape_items or _widget_row(doc, run):
            return False
        if header is not None:
            doc.set(header, Label.BOILERPLATE, "related.header.shape", 0.6, kind="read_more")
        for j in run:
            doc.set(j, Label.RELATED, "related.shape", 0.6)
        return True


def _article_span(doc: Doc) -> tuple[int, int]:
    """Where the article's own lists can stand: from its headline to its reader comments.

    A list above the headline is a sidebar or a header box of the site, one below the comments a
    sidebar or footer box: neither was picked for this article. Unbounded where the dump shows no
    headline (or no comments)."""
    block = main_block(doc)
    if block is None:
        return 0, len(doc)
    headline = find_title(doc, block[0])[0]
    comments = next((j for j in range(block[1] + 1, len(doc)) if doc.labels[j] is Label.COMMENT), None)
    return (headline if headline is not None else 0), (comments if comments is not None else len(doc))


def _tab_of_site_box(doc: Doc, i: int, cues: lexicon.Lexicon) -> bool:
    """A header right under a site-wide box's header ("Mehr von <author>" / "Weitere Artikel",
    "Most read" / "Today"): a tab of that box, not a list of the article's own."""
    above = i - 1
    seen = 0
    while above >= 0 and seen < 2:
        if doc.labels[above] is not Label.BLANK:
            cue = cues.match(doc.keys[above])
            if cue is not None and cue.category == MOST_READ:
                return True
            if cue is None:
                return False
            seen += 1
        above -= 1
    return False


def _blocks(doc: Doc, start: int, max_blank_run: int) -> Iterator[list[int]]:
    """Runs of content lines from `start`, up to the first run of more than `max_blank_run` blanks."""
    block: list[int] = []
    blanks = 0
    seen = False
    for j in range(start, min(len(doc), start + MAX_LIST_LINES)):
        if doc.labels[j] is not Label.BLANK:
            blanks, seen = 0, True
            block.append(j)
            continue
        blanks += 1
        if block:
            yield block
            block = []
        if blanks > max_blank_run and seen:
            return
    if block:
        yield block


def _topic_words(text: str) -> set[str]:
    """The longer words of a line (names, nouns), casefolded: what a related headline shares with
    its article's headline. Short function words are left out by their length."""
    return {w for w in for_matching(text).split() if len(w) >= MIN_TOPIC_CHARS and w.isalpha()}


def _blocks_from(doc: Doc, start: int) -> Iterator[list[int]]:
    """Every run of content lines from `start` to the end of the dump."""
    block: list[int] = []
    for j in range(start, len(doc)):
        if doc.labels[j] is not Label.BLANK:
            block.append(j)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _block_of(doc: Doc, j: int) -> list[int]:
    first = last = j
    while first > 0 and doc.labels[first - 1] is not Label.BLANK:
        first -= 1
    while last + 1 < len(doc) and doc.labels[last + 1] is not Label.BLANK:
        last += 1
    return list(range(first, last + 1))


def _card_part(doc: Doc, j: int, n: int, cues: lexicon.Lexicon, long_enough: bool) -> str:
    """What line `j`, the `n`-th of its block, is in a teaser card."""
    text = doc.lines[j]
    features = line_features(text)
    if _IMAGE_FILE.search(text) and features.words <= 6:
        return "image"
    if looks_like_date(text) or _CARD_META.search(text):
        return "date"
    if doc.labels[j] is Label.EMBED or doc.labels[j] is Label.COMMENT or cues.match(doc.keys[j]) is not None:
        return "other"
    if long_enough and not features.bullet and headline_like(doc, j) and not _TRUNCATED.search(text):
        return "headline"
    if n == 0 and 1 <= features.words <= MAX_KICKER_WORDS and not features.terminal:
        return "kicker"
    if features.words <= MAX_CARD_TEASER_WORDS and (features.terminal or _TRUNCATED.search(text)):
        return "teaser"
    return "other"


def _headlines(doc: Doc, lines: list[int], cues: lexicon.Lexicon) -> list[int]:
    """The headline lines of a list; teaser text, bylines, dates, cue lines and card copies are left out."""
    candidates = [
        j for j in lines if _item_like(doc, j) and cues.match(doc.keys[j]) is None and not _card_prose(doc, j)
    ]
    keys = [doc.keys[j] for j in candidates]
    copied = [j for n, j in enumerate(candidates) if doc.keys[j] in keys[n + 1 :]]
    if copied and len(copied) * 2 >= len(set(keys)):
        # teaser cards: headline, teaser, date, the headline again as an image link (most items have
        # their copy; one line printed twice is a stray widget)
        first_copies = {doc.keys[j]: j for j in reversed(copied)}
        return sorted(first_copies.values())
    bulleted = [j for j in candidates if line_features(doc.lines[j]).bullet]
    if bulleted and len(bulleted) * 2 >= len(candidates):
        candidates = bulleted  # a kicker among bulleted links is not a link
    wrapped = [
        j for j in lines if j not in candidates and _continues_headline(doc, j) and j - 1 in candidates
    ]
    return sorted(candidates + wrapped)


def _item_like(doc: Doc, j: int) -> bool:
    if _FENCE.match(doc.lines[j]) or _CARD_META.search(doc.lines[j]):
        return False
    headline = headline_like(doc, j, bullet_ok=True) or _dated_headline(doc, j) or _continues_headline(doc, j)
    return headline and not _in_prose_block(doc, j)


def _dated_headline(doc: Doc, j: int) -> bool:
    """A headline with its date printed after it on the same line."""
    text = doc.lines[j]
    date = _TRAILING_DATE.search(text)
    if date is None or (doc.labels[j] is Label.BOILERPLATE and doc.kinds[j] not in (None, "other")):
        return False
    return headline_text(text[: date.start()], suffix_ok=False, bullet_ok=True)


def _card_prose(doc: Doc, j: int) -> bool:
    """Prose (as the line model reads it) in the shape of a teaser card's text: not a headline."""
    return doc.labels[j] is Label.BODY and _prose(doc.lines[j]) and _teaser_text(doc, j)


def _teaser_text(doc: Doc, j: int) -> bool:
    """A teaser card's text: cut off with "…", or followed in its block by the card's date line."""
    if _TRUNCATED.search(doc.lines[j]):
        return True
    below = j + 1
    if below >= len(doc) or doc.labels[below] is Label.BLANK:
        return False
    text = doc.lines[below]
    return bool(_CARD_META.search(text) or _TRAILING_DATE.search(text)) or looks_like_date(text)


def _heading_level(text: str) -> int:
    """How many `#` open a markdown heading (0: no heading)."""
    mark = _HEADING.match(text)
    return len(mark.group(1)) if mark else 0


def _colon_header(text: str, max_words: int) -> bool:
    return bool(_COLON_HEADER.search(text)) and line_features(text).words <= max_words


def _continues_headline(doc: Doc, j: int) -> bool:
    """The tail of a headline that wrapped onto the next line: a word or two, or, under a bulleted
    item, a line indented past the bullet (`   * New bus line connects the valley towns and` /
    `     the airport from next month`, as a text browser wraps a list)."""
    if j == 0 or doc.labels[j - 1] is Label.BLANK:
        return False
    text, above = doc.lines[j], doc.lines[j - 1]
    features = line_features(text)
    if features.terminal or features.bullet or features.letter_share <= 0.8:
        return False
    if not headline_like(doc, j - 1, bullet_ok=True) or len(above.strip()) < WRAP_CHARS:
        return False
    if features.words <= 2:
        return True
    hanging = line_features(above).bullet and _indent(text) > _indent(above)
    return hanging and headline_text(text, suffix_ok=False, bullet_ok=False)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _in_prose_block(doc: Doc, j: int) -> bool:
    """A line of hard-wrapped prose or of a teaser: long lines, the last ending a sentence or in "…"."""
    if line_features(doc.lines[j]).bullet:
        return False
    first = last = j
    while first - 1 >= max(0, j - MAX_BLOCK) and doc.labels[first - 1] is not Label.BLANK:
        first -= 1
    while last + 1 < min(len(doc), j + MAX_BLOCK) and doc.labels[last + 1] is not Label.BLANK:
        last += 1
    if last == first or any(
        len(doc.lines[i].strip()) < _wrap_width(doc.lines[i]) for i in range(first, last)
    ):
        return False
    ending = doc.lines[last]
    return bool(_TRUNCATED.search(ending) or line_features(ending).terminal)


def _wrap_width(text: str) -> int:
    return WRAP_CHARS // 2 if _CJK.search(text) else WRAP_CHARS


def _widget_row(doc: Doc, run: list[int]) -> bool:
    """ "Share on Facebook", "Share on Twitter" ...: lines that mostly start with the same word."""
    firsts = Counter(doc.keys[j].split()[0] for j in run if doc.keys[j].split())
    return not firsts or firsts.most_common(1)[0][1] * 2 >= len(run)


def _prose(text: str) -> bool:
    features = line_features(text)
    return features.words > 30 or (features.words >= 10 and features.terminal)


def _inline_item(text: str, lang: str | None) -> bool:
    """A read-also prefix, a colon or dash, then a headline on the same line ("Read also: <headline>");
    without the separator the words after "More on" are topic tags."""
    text = strip_bullet(text)
    rest = related_text(text, lang)
    lead = text[: len(text) - len(rest)].rstrip()
    return (
        rest != text
        and bool(lead)
        and lead[-1] in _PREFIX_SEPARATORS
        and line_features(rest).words >= MIN_INLINE_WORDS
        and not _prose(rest)
    )


def related_text(text: str, lang: str | None = None) -> str:
    """A related item as a record should list it: without bullet and without a prev/next or
    read-also prefix."""
    text = strip_bullet(text)
    date = _TRAILING_DATE.search(text)
    if date is not None and date.start() > 0:
        text = text[: date.start()]
    key = for_matching(text)
    cue = lexicon.load("related", (lang or "", "en")).match(key)
    if cue is None or cue.category not in (ADJACENT, READ_MORE) or cue.mode != "prefix":
        return text
    at = key.find(cue.phrase)
    if at < 0 or len(key) != len(text):
        return text
    return text[at + len(cue.phrase) :].lstrip(" " + _PREFIX_SEPARATORS).strip() or text
