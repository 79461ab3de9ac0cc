"""Articles and their titles.

A dump holds one article, or more when a "read also" header is followed by a headline and prose.
An article is anchored on its main run of body lines (the densest cluster, so that a stray body
line in a menu does not move it). Its title is found, in order of trust:

1. the page-title line (`Headline - Site`, `Headline | Section | Site`, `标题_频道_网站`) near the top
   of the dump, whose headline the page repeats (the H1) above the body;
2. a headline-like line above the body that the page repeats;
3. the nearest headline-like line above the body, skipping bylines, dates and a standfirst.

Every line that repeats the headline (with or without the site suffix) is labeled title; the
record's title is the headline without its site suffix.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

from .. import lexicon
from ..document import Doc
from ..features import line_features
from ..model import Label
from ..normalize import SCRIPT_PERIODS, for_matching
from .meta import looks_like_date
from .stories import mark_day_labels, story_starts

# (?<!\s): match a run of spaces from its start only, or long runs make the search quadratic.
_SITE_SUFFIX = regex.compile(r"(?<!\s)(?:\s+(?:[|·•»]|[-–—]{1,2}|::)\s+|\s*_\s*|\s+ـ+\s+)")
_H1 = regex.compile(r"^\s*#\s+\S")
_MARKDOWN = regex.compile(r"^\s*(?:#{1,6}|\*{1,2}|_)\s*|(?<!\s)\s*(?:\*{1,2}|_)\s*$")
# Characters every match of the patterns above holds: lines without one skip its scan.
_SUFFIX_MARK = regex.compile(r"[|·•»\-–—:_ـ]")
_MARKDOWN_MARK = regex.compile(r"[#*_]")
_FULL_STOP = regex.compile(rf"(?<!\.\.)[.{SCRIPT_PERIODS};；,，:：]\s*$")
_TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[\p{L}\p{M}\p{N}_]+")
_ELLIPSIS = regex.compile(r"(?:…|\.{3})\s*$")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_MARKUP = regex.compile(r"^\s*(?:!\[|<\w|\[!\[|https?://|www\.)")
# "PARIS, 12 juin (AFP) -": a dateline leads into the prose below, a headline does not.
# A line opening with a date and a time is a dateline or byline (`2018年6月18日 10:01 発信地：…`,
# `12.03.2024 14:05 | Reuters`, `June 4, 2024 9:30 am ET`), never a headline.
_STAMP_LEAD = regex.compile(
    r"^\s*(?:\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?|\d{1,2}[./-]\s*\d{1,2}[./-]\s*\d{2,4}"
    r"|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+\p{L}{3,12}\.?\s+\d{4}),?\s*(?:[-–|·•]\s*)?\d{1,2}[:h]\d{2}"
)
_HANGING_DASH = regex.compile(r"\s(?:-{1,2}|[–—])\s*$")
# Lines that stand between a headline and its body without being either: bylines, kickers, dates.
TRAILER_KINDS = frozenset({"source", "tags"})  # how an article ends before the next one starts
CLOSING_KINDS = TRAILER_KINDS | {"byline"}  # an editor's or author's line may follow the trailer
MAX_TRAILER_LINES = 3
META_KINDS = frozenset({"byline", "source", "date", "share", "caption", "tags", "comment", "ad"})
MAX_TITLE_WORDS = 30
MIN_TITLE_WORDS = 2
MIN_HEADLINE_WORDS, MAX_HEADLINE_WORDS, MIN_CJK_HEADLINE = 4, 20, 6  # what a headline usually is
PAGE_TITLE_LINES = 3  # the HTML title line, when kept, is among the first content lines
TITLE_WINDOW = 40  # how many lines above the body a repeated headline may stand
NEAREST_STEPS = 6  # how many content lines above the body the nearest-headline rule looks at
MARKDOWN_TITLE_WINDOW = 80  # how many lines above the body a markdown H1 may stand
MAX_GAP = 8  # non-body content lines that may separate two body lines of one cluster
# A standfirst (deck) under its headline: headline-like too, but long, and longer than the headline,
# which is no kicker ("Exclusive:", "Live updates": short lines over a headline).
DECK_MIN_WORDS, DECK_RATIO, MIN_DECKED_HEADLINE_WORDS = 12, 1.2, 6
MAX_DECK_DIGITS = 0.1  # share of digits among letters and digits: more is a dateline
_BREADCRUMB_MARK = regex.compile(r"[>|»/›]")
# "Home › News › Coast › <headline>": the trail the page shows above its headline, cut at its marks.
_CRUMB_SEPARATOR = regex.compile(r"\s+(?:>{1,2}|»|›|/|\\)\s+|\s*>>\s*")
MIN_CRUMBS, MAX_CRUMB_WORDS = 3, 3
MIN_MENU_ENTRIES = 2  # short boilerplate lines in a headline's block that make it a menu's entry
SAME_HEADLINE = 0.85  # token agreement on both sides for a line to repeat the headline
PAGE_TITLE_MATCH = 0.5  # looser: the HTML title is often a variant of the H1
# Headlines and menus repeat within and across dumps, so their token bags and clean titles are cached;
# longer lines (prose) are not, so that cache memory does not depend on the input.
_CACHED_CHARS = 300


class ArticleSegmenter:
    name = "article"

    def __call__(self, doc: Doc) -> None:
        if not doc.lines:  # an empty dump: one empty article, nothing to find
            return
        starts = self._article_starts(doc)
        page_title = None
        for k, (start, title) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(doc)
            if title is None and k == 0 and doc.labels[start] is Label.BODY:  # no body, no headline
                title, page_title = find_title(doc, start)
            if title is not None:
                self._mark_title(doc, k, title, page_title if k == 0 else None, 0 if k == 0 else start, end)
                _mark_deck(doc, title)
            first = _first_line(doc, start, title)
            for i in range(first, end):
                doc.articles[i] = None if _site_wide(doc, i) else k
            if k == 0:
                for i in range(first):
                    doc.articles[i] = 0 if i == page_title else None

    def _article_starts(self, doc: Doc) -> list[tuple[int, int | None]]:
        """(first line, title line or None) of each article, in order.

        A new article starts at a whole headline followed by prose when a read-also header stands
        right above it, or when the article before has just ended with its trailer (source line,
        tags): concatenated articles.
        """
        block = main_block(doc)
        if block is None:
            return [(0, None)]
        starts: list[tuple[int, int | None]] = [(block[0], None)]
        headers = lexicon.load("related", (doc.lang or "", "en"))
        for i in range(block[0] + 1, len(doc)):
            if doc.rules[i] == "related.inline" and i > starts[-1][0] and _inline_article(doc, i):
                starts.append((i, i))  # "Read also: <headline>" over its story, after the article before
                continue
            if doc.labels[i] not in (Label.BOILERPLATE, Label.BODY):
                continue
            cue = headers.match(doc.keys[i])
            read_more = cue is not None and cue.category == "read_more"
            if doc.labels[i] is Label.BODY:  # only a line that is nothing but the cue may be taken for body
                if not (read_more and cue.mode == "line"):  # type: ignore[union-attr]
                    continue
            elif not (read_more or _trailer(doc, i)):
                continue
            headline = next_content(doc, i) if read_more else _past_trailer(doc, i)
            if read_more and headline is not None and teaser_in_body(doc, i, headline):
                continue  # a read-also teaser inside the body links to another page
            if headline is not None and headline > starts[-1][0] and introduces_article(doc, headline):
                starts.append((headline, headline))
                if read_more:  # the header stays with the article before (fine README, rule 7)
                    doc.set(i, Label.BOILERPLATE, "article.read_also", 0.85, kind="read_more")
        known = {start for start, _ in starts}
        entries = [(s, t) for s, t in story_starts(doc, block[0]) if s not in known]
        mark_day_labels(doc, entries)
        return sorted([*starts, *entries], key=lambda start: start[0]) if entries else starts

    def _mark_title(self, doc: Doc, k: int, line: int, page_title: int | None, lo: int, hi: int) -> None:
        doc.titles[k] = line
        doc.set(line, Label.TITLE, "article.title", 0.8)
        if page_title is not None:
            doc.set(page_title, Label.TITLE, "article.title.page", 0.75)
        headline = tokens(clean_title(doc.lines[line]))
        for j in range(lo, hi):
            if j in (line, page_title) or doc.labels[j] in (Label.BLANK, Label.RELATED, Label.EMBED):
                continue
            if _repeats_headline(doc, j, headline):
                doc.set(j, Label.TITLE, "article.title.repeat", 0.7)


def _mark_deck(doc: Doc, title: int) -> None:
    """The standfirst under the headline opens the body (as the fine set labels it)."""
    below = next_content(doc, title)
    if below is not None and doc.labels[below] is not Label.BODY and _deck(doc, title, below):
        doc.set(below, Label.BODY, "article.deck", 0.7)


def main_block(doc: Doc) -> tuple[int, int] | None:
    """First and last line of the article's run of body lines.

    The run that follows the headline the page title names, else the one with the most body text;
    a short line ending in an ellipsis is a teaser headline, not body, whatever its label says.
    """
    clusters: list[list[int]] = []
    gap = 0
    for i, label in enumerate(doc.labels):
        if label is Label.BODY and not _teaser_headline(doc.lines[i]):
            if clusters and gap <= MAX_GAP:
                clusters[-1].append(i)
            else:
                clusters.append([i])
            gap = 0
        elif label is not Label.BLANK:
            gap += 1
    if not clusters:
        return None
    headline = _page_headline(doc)
    after = [c for c in clusters if headline is not None and 0 < c[0] - headline <= TITLE_WINDOW]
    best = after[0] if after else max(clusters, key=lambda c: sum(len(doc.lines[i].strip()) for i in c))
    return best[0], best[-1]


def _teaser_headline(text: str) -> bool:
    return bool(_ELLIPSIS.search(text)) and len(text.strip()) < 60


def _page_headline(doc: Doc) -> int | None:
    """The line that repeats the headline of the page-title line (the H1), if the dump has both."""
    page = _page_title(doc, len(doc))
    if page is None:
        return None
    head = tokens(clean_title(doc.lines[page]))
    return next(
        (
            j
            for j in range(page + 1, len(doc))
            if doc.keys[j] and headline_like(doc, j) and _repeats_headline(doc, j, head)
        ),
        None,
    )


def find_title(doc: Doc, body_start: int) -> tuple[int | None, int | None]:
    """(headline line, page-title line) of the article whose body starts at `body_start`."""
    lo = max(0, body_start - TITLE_WINDOW)
    above = [
        j
        for j in range(body_start, lo - 1, -1)
        if doc.labels[j] is not Label.BLANK and (j < body_start or _short_lead(doc, j))
    ]
    candidates = [
        j for j in above if headline_like(doc, j) and not _wrapped_prose(doc, j) and not _menu_item(doc, j)
    ]
    page = _page_title(doc, body_start)
    if page is not None:
        head = tokens(clean_title(doc.lines[page]))
        copy = _page_title_copy(doc, [body_start, *above], page, head)
        if copy is not None:
            return copy, page
        scores = {j: _page_match(tokens(doc.lines[j]), head) for j in candidates if j != page}
        best = max(scores, key=lambda j: scores[j], default=None)
        if best is not None and scores[best] > 0:
            return best, page
    first_lines = set(doc.content_lines()[:PAGE_TITLE_LINES])
    for j in candidates:
        if line_features(doc.lines[j]).words >= 3 and _repeated_near(
            doc, j, range(lo, body_start), first_lines
        ):
            return j, None
    steps = [j for j in above if not _meta(doc, j)][:NEAREST_STEPS]
    near = [j for j in steps if j in candidates]
    full = [j for j in near if _full_headline(doc.lines[j])]
    dated = [j for j in full if _dated(doc, j)]  # a headline over its dateline or byline
    full = dated[:1] + [j for j in full if j not in dated[:1]]
    nearest = full[0] if full else near[0] if near else _markdown_heading(doc, body_start)
    if nearest is not None:
        above = _previous_content(doc, nearest)
        return (above if above is not None and _deck(doc, above, nearest) else nearest), None
    has_suffix = page is not None and clean_title(doc.lines[page]) != _unmarked(doc.lines[page])
    return (page, None) if has_suffix else (None, None)


def _menu_item(doc: Doc, i: int) -> bool:
    """A line in one block with menu entries (`Home`, `News`, `Local politics and council`): the
    last entry of a menu, however headline-like. A kicker is one short line over its headline."""
    first = last = i
    while first > 0 and doc.labels[first - 1] is not Label.BLANK:
        first -= 1
    while last + 1 < len(doc) and doc.labels[last + 1] is not Label.BLANK:
        last += 1
    entries = [
        j
        for j in range(first, last + 1)
        if j != i and doc.labels[j] is Label.BOILERPLATE and line_features(doc.lines[j]).words <= 3
    ]
    return len(entries) >= MIN_MENU_ENTRIES and not any(doc.kinds[j] in META_KINDS for j in entries)


def _page_title_copy(doc: Doc, lines: list[int], page: int, head: Counter[str]) -> int | None:
    """The line nearest the body (or the body's first) that repeats the page title's headline word for
    word is the H1, even when it ends in a full stop, or a box of teasers or the body took it in."""
    for j in dict.fromkeys(lines):
        if j == page or doc.labels[j] is Label.EMBED or _wrapped_prose(doc, j):
            continue
        if line_features(doc.lines[j]).words <= MAX_TITLE_WORDS and _repeats_headline(doc, j, head):
            return j
    return None


def _deck(doc: Doc, headline: int, below: int) -> bool:
    """`Council approves new bridge` over `The 1.2km crossing will link the districts and cut
    commutes by 20 minutes`: two headline-like lines in a row, the lower one a standfirst that sums
    the story up (long, and longer than the line above). Not when the upper line ends a list of
    headlines (a teaser or most-read box above the article)."""
    if (
        doc.labels[headline] is Label.RELATED
        or not headline_like(doc, headline)
        or not headline_like(doc, below)
    ):
        return False
    upper = line_features(doc.lines[headline])
    if not _full_headline(doc.lines[headline]) or upper.words < MIN_DECKED_HEADLINE_WORDS:
        return False  # a kicker
    if _BREADCRUMB_MARK.search(doc.lines[headline]) or _meta(doc, below):
        return False  # `人民网>>社会>>民生报道`; a dateline under the headline (`AFP 30 avril 2015 à 07:19`)
    deck = line_features(doc.lines[below])
    if deck.digit_share > MAX_DECK_DIGITS:
        return False
    over = _previous_content(doc, headline)
    if over is not None and headline_like(doc, over):
        return False
    return deck.words >= DECK_MIN_WORDS and deck.words >= DECK_RATIO * upper.words


def _previous_content(doc: Doc, i: int, within: int = 3) -> int | None:
    for j in range(i - 1, max(-1, i - within - 1), -1):
        if doc.labels[j] is not Label.BLANK:
            return j
    return None


def _markdown_heading(doc: Doc, body_start: int) -> int | None:
    """In a markdown dump (html2text), the nearest H1 ("# Headline") above the body is its title,
    however much share bar and teaser text stands between them."""
    for j in range(body_start - 1, max(-1, body_start - MARKDOWN_TITLE_WINDOW - 1), -1):
        if _H1.match(doc.lines[j]) and headline_like(doc, j):
            return j
    return None


def _wrapped_prose(doc: Doc, i: int) -> bool:
    """A piece of a body paragraph that a text browser broke at its width: never a headline."""
    return i in doc.wrapped and doc.labels[i] is Label.BODY


def _dated(doc: Doc, i: int) -> bool:
    below = next_content(doc, i, within=3)
    return (
        below is not None
        and doc.labels[below] is not Label.BODY
        and _meta(doc, below)
        and _has_letters(doc, below)
    )


def _has_letters(doc: Doc, i: int) -> bool:
    return line_features(doc.lines[i]).words >= 2


def _full_headline(text: str) -> bool:
    """Long enough to be a headline rather than a kicker, a rubric or a widget ("Enlarge photo")."""
    if _CJK.search(text):
        return len(_CJK.findall(text)) >= MIN_CJK_HEADLINE
    return MIN_HEADLINE_WORDS <= line_features(text).words <= MAX_HEADLINE_WORDS


def _page_match(line: Counter[str], head: Counter[str]) -> float:
    """How well a line matches the page title's headline: enough shared words on both sides."""
    share = overlap(line, head)
    common = sum((line & head).values())
    return share if share >= PAGE_TITLE_MATCH and common >= 3 else 0.0


def _repeated_near(doc: Doc, i: int, window: range, first_lines: set[int]) -> bool:
    """The headline appears again just above the body or as the page's first line (an H1 and an H2)."""
    headline = tokens(clean_title(doc.lines[i]))
    return any(
        j != i and doc.labels[j] is not Label.BLANK and _repeats_headline(doc, j, headline)
        for j in [*window, *first_lines]
    )


def _page_title(doc: Doc, body_start: int) -> int | None:
    """The HTML title line: among the first content lines, a headline followed by a site name."""
    for i in doc.content_lines()[:PAGE_TITLE_LINES]:
        if i >= body_start:
            break
        if headline_like(doc, i, suffix_ok=True) and line_features(clean_title(doc.lines[i])).words >= 3:
            return i
    return None


def _short_lead(doc: Doc, i: int) -> bool:
    """The first body line may be the headline itself when the classifier took it for body."""
    features = line_features(doc.lines[i])
    return features.words <= 15 and not features.terminal


def _meta(doc: Doc, i: int) -> bool:
    """A line that may stand between a headline and its body: byline, date, widget, caption."""
    text = doc.lines[i]
    features = line_features(text)
    cue = lexicon.load("related", (doc.lang or "", "en")).match(doc.keys[i])
    return (
        doc.kinds[i] in META_KINDS
        or (cue is not None and cue.category == "byline")
        or features.words < MIN_TITLE_WORDS
        or looks_like_date(text)
        or bool(_MARKUP.match(text))
        or features.letter_share < 0.5
    )


def headline_like(doc: Doc, i: int, suffix_ok: bool = False, bullet_ok: bool = False) -> bool:
    """Short, no final full stop, mostly letters, not a widget, byline or date (nor a bullet, unless asked)."""
    if doc.labels[i] is Label.BOILERPLATE and doc.kinds[i] not in (None, "other"):
        return False
    text = doc.lines[i]
    if len(text) > _CACHED_CHARS:
        return _headline_text(text, suffix_ok, bullet_ok)
    return _short_headline_text(text, suffix_ok, bullet_ok)


@lru_cache(maxsize=16384)  # the segmenters ask about the same lines again and again
def _short_headline_text(text: str, suffix_ok: bool, bullet_ok: bool) -> bool:
    return _headline_text(text, suffix_ok, bullet_ok)


def _headline_text(text: str, suffix_ok: bool, bullet_ok: bool) -> bool:
    """What `headline_like` asks of the text itself."""
    features = line_features(text)
    if not MIN_TITLE_WORDS <= features.words <= MAX_TITLE_WORDS or _FULL_STOP.search(text):
        return False
    if _HANGING_DASH.search(text) or _STAMP_LEAD.match(text) or _breadcrumb(text):
        return False
    if features.bullet and not bullet_ok:
        return False
    if features.letter_share < 0.4 or features.url_share > 0 or _MARKUP.match(text) or looks_like_date(text):
        return False
    if len(text.split()) < 2 and not _CJK.search(text):
        return False  # one long token: a URL or markup leftover
    parts = _title_parts(_unmarked(text))
    if len(parts) > 1 and not suffix_ok and line_features(parts[0]).words < 3:
        return False  # "Site — Author", "« Prev | Next »": a byline or a widget
    return not (len(parts) > 2 and max(line_features(p).words for p in parts) < 3)  # a menu row


def _breadcrumb(text: str) -> bool:
    """A trail of short section names (the headline maybe at its end): navigation, never a title."""
    if not _BREADCRUMB_MARK.search(text):
        return False
    crumbs = _CRUMB_SEPARATOR.split(text.strip())
    return len(crumbs) >= MIN_CRUMBS and all(line_features(c).words <= MAX_CRUMB_WORDS for c in crumbs[:-1])


def _first_line(doc: Doc, start: int, title: int | None) -> int:
    """An article begins at its headline, or at a repeat of it just above (an H1 over an H2)."""
    if title is None:
        return start
    repeats = [
        j for j in range(max(0, title - TITLE_WINDOW), title) if doc.rules[j] == "article.title.repeat"
    ]
    return min([start, title, *repeats])


def _trailer(doc: Doc, i: int) -> bool:
    """A source or tags line: what closes an article (by the classifier's kind or the cue lexicon)."""
    if doc.kinds[i] in TRAILER_KINDS:
        return True
    cue = lexicon.load("cues", (doc.lang or "", "en")).match(doc.keys[i])
    return cue is not None and cue.category in TRAILER_KINDS


def _past_trailer(doc: Doc, i: int) -> int | None:
    """The first content line after a trailer and the lines that close an article with it
    ("来源：…" then "责任编辑：…", a source line then the tags)."""
    j = next_content(doc, i)
    for _ in range(MAX_TRAILER_LINES):
        if j is None or doc.labels[j] is not Label.BOILERPLATE or doc.kinds[j] not in CLOSING_KINDS:
            break
        j = next_content(doc, j)
    return j


def _site_wide(doc: Doc, i: int) -> bool:
    return doc.rules[i].startswith("related.site_wide")


def next_content(doc: Doc, i: int, within: int = 4) -> int | None:
    for j in range(i + 1, min(len(doc), i + within)):
        if doc.labels[j] is not Label.BLANK:
            return j
    return None


def introduces_article(doc: Doc, headline: int) -> bool:
    """A full headline followed by prose paragraphs, not by more headlines: a read-also article.

    A teaser box looks alike (headline, a line of teaser text, the next headline), so the headline
    must be whole (not cut with "…") and the next three content lines (past a byline or a date) must
    hold two prose lines and no other headline.
    """
    text = doc.lines[headline]
    if not headline_like(doc, headline) or not _full_headline(text) or _ELLIPSIS.search(text):
        return False
    return _prose_follows(doc, headline)


def teaser_in_body(doc: Doc, header: int, headline: int) -> bool:
    """A read-also header right under a body paragraph, over a headline without a byline or date of
    its own: a teaser set into the body that links to another page. A read-also article follows the
    article's end (its source line, tags or widgets), or its headline carries its own byline."""
    above = _previous_content(doc, header, within=header)
    return above is not None and doc.labels[above] is Label.BODY and not _dated(doc, headline)


def _inline_article(doc: Doc, i: int) -> bool:
    """`Read also: <headline>` followed by its story, where the article before has ended (the line
    above is no body): a read-also article whose header and headline share one line. Inside a
    body, the same line is a link to another page."""
    from .related import related_text  # related imports this module

    above = _previous_content(doc, i, within=i)
    headline = related_text(doc.lines[i], doc.lang)
    if above is None or doc.labels[above] is Label.BODY:
        return False
    return _full_headline(headline) and not _ELLIPSIS.search(headline) and _prose_follows(doc, i)


def _prose_follows(doc: Doc, headline: int) -> bool:
    """Two prose lines among the three content lines after `headline` (its byline, date or widgets
    aside), and no other headline among them."""
    following = [  # the headline's byline, date or widgets do not count
        j
        for j in range(headline + 1, min(len(doc), headline + 12))
        if doc.labels[j] is not Label.BLANK and not _meta(doc, j)
    ][:3]
    prose = [j for j in following if doc.kinds[j] in (None, "other") and _prose(doc.lines[j])]
    return len(prose) >= 2 and not any(j not in prose and headline_like(doc, j) for j in following)


def _prose(text: str) -> bool:
    features = line_features(text)
    return features.words > 30 or (features.words >= 10 and features.terminal)


def tokens(text: str) -> Counter[str]:
    """Word tokens of the normalized text (one per Han or kana character), as a bag."""
    return _bag(for_matching(text))


def _bag(key: str) -> Counter[str]:
    return Counter(_TOKEN.findall(key))


def overlap(a: Counter[str], b: Counter[str]) -> float:
    """The smaller of the two shares of tokens the bags have in common."""
    if not a or not b:
        return 0.0
    if len(b) < len(a):
        a, b = b, a
    common = sum(min(n, b[t]) for t, n in a.items() if t in b)  # (a & b) without building it
    return min(common / a.total(), common / b.total())


def same_headline(line: str, headline: Counter[str]) -> bool:
    """The line is the headline, maybe with a site suffix or a bullet: the body set's 85% rule."""
    return _repeats(for_matching(line), headline) or _repeats(for_matching(clean_title(line)), headline)


def _repeats_headline(doc: Doc, j: int, headline: Counter[str]) -> bool:
    """`same_headline` for line `j`, whose normalized form the doc already holds."""
    if _repeats(doc.keys[j], headline):
        return True
    clean = clean_title(doc.lines[j])  # normalizing ignores the ends' spaces: an unchanged title has this key
    return clean != doc.lines[j].strip() and _repeats(for_matching(clean), headline)


def _repeats(key: str, headline: Counter[str]) -> bool:
    # Most lines are far from the headline: a headline token that is not even a substring of the
    # key cannot be shared, so when those that are fall short of 85%, no bag needs to be built.
    size = headline.total()
    if not size or sum(n for t, n in headline.items() if t in key) / size < SAME_HEADLINE:
        return False
    return overlap(_bag(key), headline) >= SAME_HEADLINE


def clean_title(text: str) -> str:
    """The headline without markdown markers and without the site name of an HTML title line."""
    return _short_clean_title(text) if len(text) <= _CACHED_CHARS else _clean_title(text)


@lru_cache(maxsize=16384)
def _short_clean_title(text: str) -> str:
    return _clean_title(text)


def _clean_title(text: str) -> str:
    text = _unmarked(text)
    parts = _title_parts(text)
    if len(parts) > 1:
        head, tail = parts[0], parts[1:]
        if line_features(head).words >= 3 and all(line_features(p).words <= 5 for p in tail):
            return head.strip()
    return text


def _unmarked(text: str) -> str:
    """The text without markdown heading and emphasis markers at its ends."""
    return _MARKDOWN.sub("", text).strip() if _MARKDOWN_MARK.search(text) else text.strip()


def _title_parts(text: str) -> list[str]:
    """The text cut at site-name separators (" | ", " - ", "_" ...)."""
    return _SITE_SUFFIX.split(text) if _SUFFIX_MARK.search(text) else [text]
