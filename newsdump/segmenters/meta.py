"""What boilerplate tells about its article, as structured fields: source, tags, author, date.

Dates are read only on lines that already look like dates. The common shapes (2017-03-10,
10.03.2017, 10 March 2017, March 10, 2017, each maybe followed by a clock time) are read here with
dateparser's own month names and day-month order for the language; everything else goes to
`dateparser` itself, which costs ~5 ms a call and ~0.3 s on its first (imports, locale data,
time-zone regexes).
"""

from __future__ import annotations

import importlib.util
from datetime import datetime
from functools import lru_cache
from pathlib import Path
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
    if len(text) > _CACHED_CHARS:  # asked again and again about the same lines: cache the short ones
        return _looks_like_date(text)
    return _short_looks_like_date(text)


_CACHED_CHARS = 300


@lru_cache(maxsize=16384)
def _short_looks_like_date(text: str) -> bool:
    return _looks_like_date(text)


def _looks_like_date(text: str) -> bool:
    features = line_features(text)
    if features.words > MAX_DATE_LINE_WORDS or not features.digit_share:  # every date has digits
        return False
    return bool(_DATE.search(text) or _TIME_ONLY.search(text))


class MetaExtractor:
    name = "meta"

    def __call__(self, doc: Doc) -> None:
        bylines = lexicon.load("related", (doc.lang or "", "en"))
        owners = _owners(doc)
        for i, label in enumerate(doc.labels):
            if label is not Label.BOILERPLATE or _in_list(doc, i):
                continue  # a teaser card's byline or date tells nothing about this article
            meta = doc.meta.setdefault(owners[i], {})
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


def _owners(doc: Doc) -> list[int]:
    """The article each line's facts belong to: its own, else the next one (a byline box above a
    title), else the first; one pass from the end, as a scan per line is quadratic in long dumps."""
    owners = [0] * len(doc)
    following = 0
    for i in range(len(doc) - 1, -1, -1):
        article = doc.articles[i]
        if article is not None:
            following = article
        owners[i] = following
    return owners


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
    return _simple_date(text, lang) or _dateparser(text, lang)


def _dateparser(text: str, lang: str) -> datetime | None:
    import dateparser  # slow to import: only when a date line is met

    settings: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    languages = [lang] if lang and lang in _languages() else None
    try:
        return dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    return frozenset(_dateparser_data("languages_info").get("language_order", ()))


def _dateparser_data(name: str) -> dict[str, Any]:
    """The tables of one module of dateparser's `data` folder (plain Python literals, no imports),
    read without importing dateparser: its import costs more than the dump most runs convert."""
    spec = importlib.util.find_spec("dateparser")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(spec.submodule_search_locations[0], "data", *name.split(".")).with_suffix(".py")
    data = importlib.util.spec_from_file_location(f"_dateparser_data_{name}", path)
    if not path.is_file() or data is None or data.loader is None:
        return {}
    module = importlib.util.module_from_spec(data)
    data.loader.exec_module(module)  # from dateparser's compiled copy in __pycache__ when there is one
    return vars(module)


# ---- the common shapes, read without dateparser (tests/test_meta.py checks they agree with it) ----

# "…, 14:05", "… | 14:05:33", "… - 2:05 pm": a clock time after the date, maybe after a separator.
_CLOCK = (
    r"(?:(?:\s*[,|/•·–—-]\s*|\s+)(?P<h>\d{1,2}):(?P<min>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?P<half>[ap])\.?m\.?)?)?\s*"
)
_SIMPLE = [
    regex.compile(p + _CLOCK, regex.IGNORECASE)
    for p in (
        r"(?P<y>\d{4})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})",  # 2017-03-10
        r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日",  # 2012年1月5日
        r"(?P<a>\d{1,2})\s*(?P<sep>[./-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4}|\d{2})",  # 10.03.17
        r"(?P<d>\d{1,2})\.?\s+(?P<month>\p{L}+)\.?,?\s+(?P<y>\d{4})",  # 10 March 2017, 5 janv. 2012
        r"(?P<month>\p{L}+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})",  # March 10, 2017
    )
]


def _simple_date(text: str, lang: str) -> datetime | None:
    """The date of a plain numeric or day-month-name date; None when dateparser must decide."""
    if lang not in _languages():
        return None  # dateparser then tries every language: leave that to it
    for pattern in _SIMPLE:
        found = pattern.fullmatch(text)
        if found:
            return _build(found, lang)
    return None


def _build(found: regex.Match[str], lang: str) -> datetime | None:
    parts = found.groupdict()
    if parts.get("month"):
        month = _month_names(lang).get(parts["month"].lower())
        day = parts["d"]
    elif parts.get("a"):  # 05.10.2011: the language's order says which is the month
        order = _day_month_order(lang)
        if order is None:
            return None
        day, month = (parts["a"], parts["b"]) if order == "DMY" else (parts["b"], parts["a"])
    elif "年" in found.group() and "年" not in _locale_info(lang).get("year", []):
        return None  # dateparser reads 年月日 only in the languages that write it
    else:
        day, month = parts["d"], parts["m"]
    hour = _hour(parts["h"] or "0", parts["half"])
    if month is None or hour is None:
        return None
    try:
        return datetime(
            _year(parts["y"]), int(month), int(day), hour, int(parts["min"] or 0), int(parts["s"] or 0)
        )
    except ValueError:  # no such day or hour: dateparser may still make something of it
        return None


def _year(digits: str) -> int:
    """Two digits as strptime's %y reads them (69-99: 1900s, 00-68: 2000s), like dateparser."""
    return datetime.strptime(digits, "%y").year if len(digits) == 2 else int(digits)


def _hour(digits: str, half: str | None) -> int | None:
    """The hour on a 24-hour clock; None for a 12-hour time that is not one (0 am, 13 pm)."""
    hour = int(digits)
    if half is None:
        return hour
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if half.lower() == "p" else 0)


@lru_cache(maxsize=256)
def _locale_info(lang: str) -> dict[str, Any]:
    """dateparser's month names, day-month order ... of one language."""
    if lang not in _languages():  # a name from the input never becomes a path
        return {}
    return _dateparser_data(f"date_translation_data.{lang}").get("info", {})


_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


@lru_cache(maxsize=256)
def _month_names(lang: str) -> dict[str, int]:
    """Month name -> number; names that also mean another word of the language (a weekday, "ago"...)
    are left to dateparser, which weighs them in context."""
    info = _locale_info(lang)
    months: dict[str, int] = {}
    for number, month in enumerate(_MONTHS, 1):
        for name in info.get(month, []):
            key = name.lower()
            months[key] = number if months.get(key, number) == number else 0  # 0: names two months
    other = {
        word.lower()
        for key, words in info.items()
        if key not in _MONTHS and isinstance(words, list)
        for word in words
        if isinstance(word, str)
    }
    return {
        name: n for name, n in months.items() if n and name not in other and regex.fullmatch(r"\p{L}+", name)
    }


def _day_month_order(lang: str) -> str | None:
    order = _locale_info(lang).get("date_order")
    return order if order in ("DMY", "MDY") else None
