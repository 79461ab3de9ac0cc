"""What boilerplate tells about its article, as structured fields: source, tags, author, date.

Dates are parsed with `dateparser` (imported on first use: it is slow to import) and only on
lines that already look like dates, so most dumps never load it.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

import regex

from .. import lexicon
from ..document import Doc
from ..features import line_features, strip_bullet
from ..model import Label

_AFTER_LABEL = regex.compile(r"^[^:：]{1,30}[:：]\s*(?P<value>.+)$")
_LAST_LABEL = regex.compile(r"[:：]\s*(?P<value>[^:：]+)$")
MAX_TAG_HEADER_WORDS, MAX_TAG_WORDS, MAX_TAGS = 3, 5, 15
_TAG_SPLIT = regex.compile(r"\s*[,،;|#]\s*")
_MONTH_WORD = r"\p{L}{3,12}\.?"
# A date in any of the shapes news pages print; the match is what dateparser gets to read.
_DATE = regex.compile(
    r"(?P<date>"
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"  # 2017-03-10, 2012年01月12日
    r"|\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2,4}(?!\d)"  # 08.04.2015, 05.11.18
    rf"|\d{{1,2}}\\?\.?\s+{_MONTH_WORD},?\s+\d{{4}}"  # 3 Jan 2019, 14. Dezember 2015, 11 октября 2018
    rf"|{_MONTH_WORD}\s+\d{{1,2}},?\s+\d{{4}}"  # December 31, 2024
    r")"
    r"(?P<time>[^\d\n]{0,6}\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?",
    regex.IGNORECASE,
)
_TIME_ONLY = regex.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
MAX_DATE_LINE_WORDS = 14  # a dateline of a byline box, not a sentence that mentions a date


def looks_like_date(text: str) -> bool:
    """A short line that carries a date or a clock time: a dateline, never a headline."""
    if line_features(text).words > MAX_DATE_LINE_WORDS:
        return False
    return bool(_DATE.search(text) or _TIME_ONLY.search(text))


class MetaExtractor:
    name = "meta"

    def __call__(self, doc: Doc) -> None:
        bylines = lexicon.load("related", (doc.lang or "", "en"))
        for i, label in enumerate(doc.labels):
            if label is not Label.BOILERPLATE or _in_list(doc, i):
                continue  # a teaser card's byline or date tells nothing about this article
            meta = doc.meta.setdefault(_owner(doc, i), {})
            kind = _kind(doc, i)
            if kind == "source" and _value(doc.lines[i], last=True):
                meta.setdefault("source", _value(doc.lines[i], last=True))
            elif kind == "tags":
                tags = _tags(doc, i)
                if tags:
                    meta.setdefault("tags", tags)
            elif kind == "byline" or _is_byline(bylines, doc.keys[i]):
                author = _author(doc.lines[i])
                if author:
                    meta.setdefault("author", author)
            if "date" not in meta and looks_like_date(doc.lines[i]):
                date = parse_date(doc.lines[i], doc.lang)
                if date:
                    meta["date"] = date
        for k in [k for k, v in doc.meta.items() if not v]:
            del doc.meta[k]


def _kind(doc: Doc, i: int) -> str | None:
    """The line's boilerplate kind, or the cue lexicon's when the classifier left it generic."""
    if doc.kinds[i] not in (None, "other"):
        return doc.kinds[i]
    cue = lexicon.load("cues", (doc.lang or "", "en")).match(doc.keys[i])
    return cue.category if cue is not None else doc.kinds[i]


def _in_list(doc: Doc, i: int) -> bool:
    """Next to a related headline: part of a teaser card."""
    near = [j for j in (i - 1, i - 2, i + 1, i + 2) if 0 <= j < len(doc) and doc.labels[j] is not Label.BLANK]
    return any(doc.labels[j] is Label.RELATED for j in near[:2])


def _tags(doc: Doc, i: int) -> list[str]:
    """The tags of "Tags: a, b, c", or of a bare "Tags" header and the short lines under it."""
    line = doc.lines[i]
    if _AFTER_LABEL.match(line.strip()) or len(line.split()) > MAX_TAG_HEADER_WORDS:
        return [t for t in _TAG_SPLIT.split(_value(line)) if t]
    tags: list[str] = []
    for j in range(i + 1, min(len(doc), i + MAX_TAGS + 2)):
        if doc.labels[j] is Label.BLANK:
            if tags:
                break
            continue
        text = doc.lines[j].strip()
        if len(text.split()) > MAX_TAG_WORDS or doc.labels[j] is not Label.BOILERPLATE:
            break
        tags.append(strip_bullet(text))
    return tags


def _owner(doc: Doc, i: int) -> int:
    """The article a line's facts belong to: its own, else the next one (a byline box above a title)."""
    if doc.articles[i] is not None:
        return doc.articles[i]  # type: ignore[return-value]
    return next((a for a in doc.articles[i:] if a is not None), 0)


def _is_byline(cues: lexicon.Lexicon, key: str) -> bool:
    cue = cues.match(key)
    return cue is not None and cue.category == "byline" and cue.mode == "prefix" and len(key.split()) <= 8


def _value(line: str, last: bool = False) -> str:
    """The text after a "Label:" (after the last one when a line holds several), else the line."""
    text = line.strip()
    if last and _LAST_LABEL.search(text):
        return _LAST_LABEL.search(text)["value"].strip()  # type: ignore[index]
    found = _AFTER_LABEL.match(text)
    return (found["value"] if found else text).strip()


_BY = regex.compile(
    r"^\s*(?:by|par|von|por|di|door|av|przez|от|автор|текст|بقلم|كتب|作者|记者)\b[:：]?\s*", regex.I
)
_AUTHOR_END = regex.compile(r"\s*(?:[·|,،(]|\d).*$")


def _author(line: str) -> str | None:
    """The name in a byline: without its "By"/"Par"/"Текст:" label and without a date after it."""
    text = _BY.sub("", _value(line) if ":" in line or "：" in line else line.strip())
    text = _AUTHOR_END.sub("", text).strip(" -–—")
    return text if 1 <= len(text.split()) <= 6 else None


def parse_date(text: str, lang: str | None = None) -> str | None:
    """The date of a dateline as ISO 8601 (with minutes when the line gives a time), else None."""
    found = _DATE.search(text)
    if not found:
        return None
    parsed = _parse(found.group().replace("\\", ""), lang or "")
    if parsed is None:
        return None
    return parsed.isoformat(timespec="minutes") if found["time"] else parsed.date().isoformat()


@lru_cache(maxsize=1024)
def _parse(text: str, lang: str) -> datetime | None:
    import dateparser  # slow to import: only when a date line is met

    settings: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    languages = [lang] if lang and lang in _languages() else None
    try:
        return dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    from dateparser.languages.loader import default_loader

    return frozenset(default_loader.get_locale_map().keys())
