"""Articles and their titles.

A dump holds one article, or more when a "read also" header is followed by a headline and prose
(or articles are simply concatenated). The title of an article is the headline line before its
body: a short line without a final full stop, preferably one the page repeats (the HTML title
line with its site suffix, then the H1).
"""

from __future__ import annotations

import regex

from .. import lexicon
from ..document import Doc
from ..features import line_features
from ..model import Label
from ..normalize import for_matching

_SITE_SUFFIX = regex.compile(r"\s+(?:[|·•»]|[-–—]{1,2}|::)\s+|_")
_MARKDOWN = regex.compile(r"^\s*(?:#{1,6}|\*{1,2})\s*|\s*\*{1,2}\s*$")
_FULL_STOP = regex.compile(r"[.。]\s*$")
TITLE_WINDOW = 40  # how many lines above the body a title may stand
MAX_TITLE_WORDS = 30


class ArticleSegmenter:
    name = "article"

    def __call__(self, doc: Doc) -> None:
        starts = self._article_starts(doc)
        for k, (start, title) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(doc)
            if title is None and k == 0:
                title = self._find_title(doc, start)
            if title is not None:
                self._mark_title(doc, k, title, start if k else 0, end)
            first = min(start, title) if title is not None else start
            for i in range(first, end):
                doc.articles[i] = k
        if starts:
            for i in range(0, min(starts[0][0], doc.titles.get(0, starts[0][0]))):
                doc.articles[i] = None

    def _article_starts(self, doc: Doc) -> list[tuple[int, int | None]]:
        """(first line, title line or None) of each article, in order."""
        body = [i for i, label in enumerate(doc.labels) if label is Label.BODY]
        if not body:
            return [(0, None)]
        starts: list[tuple[int, int | None]] = [(body[0], None)]
        headers = lexicon.load("related", (doc.lang or "", "en"))
        for i in range(body[0] + 1, len(doc)):
            if doc.labels[i] is not Label.BOILERPLATE:
                continue
            cue = headers.match(doc.keys[i])
            if cue is None or cue.category != "read_more":
                continue
            headline = self._next_content(doc, i)
            if headline is None or not _headline_like(doc, headline):
                continue
            following = [j for j in range(headline + 1, min(len(doc), headline + 8)) if doc.labels[j] is not Label.BLANK]
            if sum(doc.labels[j] is Label.BODY for j in following[:3]) >= 2:
                starts.append((headline, headline))
        return starts

    @staticmethod
    def _next_content(doc: Doc, i: int) -> int | None:
        for j in range(i + 1, min(len(doc), i + 4)):
            if doc.labels[j] is not Label.BLANK:
                return j
        return None

    def _find_title(self, doc: Doc, body_start: int) -> int | None:
        """The nearest headline-like line above the body, preferring one the page repeats."""
        candidates = [
            j
            for j in range(body_start - 1, max(-1, body_start - TITLE_WINDOW), -1)
            if doc.labels[j] in (Label.BOILERPLATE, Label.BODY, Label.TITLE)
            and doc.kinds[j] in (None, "other")
            and _headline_like(doc, j)
        ]
        if not candidates:
            return None
        for j in candidates:
            if _repeated(doc, j):
                return j
        nearest = candidates[0]
        return nearest if body_start - nearest <= 4 else None

    def _mark_title(self, doc: Doc, k: int, line: int, lo: int, hi: int) -> None:
        doc.titles[k] = line
        key = for_matching(clean_title(doc.lines[line]))
        for j in range(lo, hi):
            if j == line or (doc.keys[j] and _same_headline(doc.keys[j], key)):
                if doc.labels[j] not in (Label.BODY, Label.RELATED, Label.EMBED) or j == line:
                    doc.set(j, Label.TITLE, "article.title", 0.7)


def _headline_like(doc: Doc, i: int) -> bool:
    features = line_features(doc.lines[i])
    return 2 <= features.words <= MAX_TITLE_WORDS and not _FULL_STOP.search(doc.lines[i]) and not features.bullet


def _repeated(doc: Doc, i: int) -> bool:
    key = for_matching(clean_title(doc.lines[i]))
    return sum(1 for other in doc.keys if other and _same_headline(other, key)) >= 2


def _same_headline(line_key: str, title_key: str) -> bool:
    if line_key == title_key:
        return True
    return line_key.startswith(title_key) and bool(_SITE_SUFFIX.match(line_key[len(title_key) :]))


def clean_title(text: str) -> str:
    """The headline without markdown markers and without the site name of an HTML title line."""
    text = _MARKDOWN.sub("", text).strip()
    parts = _SITE_SUFFIX.split(text)
    if len(parts) > 1:
        head, tail = parts[0], parts[1:]
        if len(head.split()) >= 3 and all(len(p.split()) <= 5 for p in tail):
            return head.strip()
    return text
