"""Labeled doc to records: one JSON-ready dict per article, the schema documented in the README."""

from __future__ import annotations

from typing import Any

import regex

from .document import Doc
from .langid import detect
from .model import Label, Source
from .normalize import SCRIPT_FULL_STOPS
from .segmenters.related import related_text

SCHEMA_VERSION = 1
_TERMINAL = regex.compile(rf"[.!?…{SCRIPT_FULL_STOPS}:;\"'”’»)\]]\s*$")
_BULLET = regex.compile(r"^\s*(?:[•·▪►◦‣∙*\-–—]|\d{1,2}[.)])\s+")


def assemble_records(doc: Doc) -> list[dict[str, Any]]:
    owners = line_owners(doc)
    count = max(owners, default=0) + 1
    return [_record(doc, k, [i for i, owner in enumerate(owners) if owner == k]) for k in range(count)]


def line_owners(doc: Doc) -> list[int]:
    """The record each line goes to: its article, else the article before it (or the first one)."""
    owners: list[int] = []
    current: int | None = None
    for article in doc.articles:
        if article is not None:
            current = article
        owners.append(current if current is not None else -1)
    first = next((o for o in owners if o >= 0), 0)
    return [first if o < 0 else o for o in owners]


def _record(doc: Doc, k: int, lines: list[int]) -> dict[str, Any]:
    source = doc.dump.source
    in_article = set(lines)
    body_lines = [i for i in lines if doc.labels[i] is Label.BODY]
    body = paragraphs(doc, body_lines)
    title_line = doc.titles.get(k)
    lang = doc.lang
    if len(body) > 400:
        lang = detect([doc.lines[i] for i in body_lines]) or lang
    return {
        "schema": SCHEMA_VERSION,
        "id": record_id(source, k),
        "source": _source(source, lines),
        "article": k,
        "lang": lang,
        "title": _title_text(doc, title_line),
        "body": body,
        "related": [
            {"text": related_text(doc.full_line(i), doc.lang), "line": i + 1}
            for i in lines
            if doc.labels[i] is Label.RELATED
        ],
        "quotes": [_quote(q) for q in doc.quotes if q.line in in_article],
        "embeds": [_embed(e) for e in doc.embeds if e.first in in_article],
        "comments": [_comment(c) for c in doc.comments if c.line in in_article],
        "boilerplate": [
            {"kind": doc.kinds[i] or "other", "text": doc.full_line(i).strip(), "line": i + 1}
            for i in lines
            if doc.labels[i] is Label.BOILERPLATE
        ],
        "meta": doc.meta.get(k, {}),
        "diagnostics": {
            "segments": segments(doc, lines),
            "warnings": doc.warnings if k == 0 else [],
            "encoding": doc.dump.encoding,
            **({"features": [doc.features[i] for i in lines]} if doc.features else {}),
        },
    }


def record_id(source: Source, article: int) -> str:
    where = f"{source.path}!{source.member}" if source.member else source.path
    return f"{where}#{source.index if source.key is None else source.key}.{article}"


def _source(source: Source, lines: list[int]) -> dict[str, Any]:
    return {
        "path": source.path,
        "member": source.member,
        "index": source.index,
        "url": source.url,
        "date": source.date,
        "lines": [lines[0] + 1, lines[-1] + 1] if lines else None,
        "meta": source.meta,
    }


def segments(doc: Doc, lines: list[int]) -> list[dict[str, Any]]:
    """Runs of adjacent lines with one label and rule, 1-based inclusive; a run's score is its lowest."""
    runs: list[list[Any]] = []  # [label, rule, first, last, score]
    for i in lines:
        label, rule, score = doc.labels[i], doc.rules[i], doc.scores[i]
        run = runs[-1] if runs else None
        if run and run[3] == i - 1 and run[0] is label and run[1] == rule:
            run[3], run[4] = i, min(run[4], score)
        else:
            runs.append([label, rule, i, i, score])
    return [
        {"label": str(label), "lines": [first + 1, last + 1], "rule": rule, "score": round(score, 3)}
        for label, rule, first, last, score in runs
    ]


def paragraphs(doc: Doc, body_lines: list[int]) -> str:
    """Body lines as paragraphs: the lines of a paragraph the boilerplate step rejoined (hard-wrapped,
    or a sentence cut into text nodes with blank lines between) are joined by a space, and so are
    adjacent lines that do not end a sentence."""
    paras: list[list[str]] = []
    previous, tail = -2, ""  # tail: the paragraph's last non-empty line, whose end decides
    for i in body_lines:
        text = doc.full_line(i).strip()
        # Only the tail is searched, not the joined paragraph: that would be quadratic in its length.
        same_paragraph = i in doc.wrapped and doc.wrapped.get(previous) == doc.wrapped[i]
        if paras and (
            same_paragraph or (i == previous + 1 and not _TERMINAL.search(tail) and not _BULLET.match(text))
        ):
            paras[-1].append(text)
            tail = text or tail
        else:
            paras.append([text])
            tail = text
        previous = i
    return "\n\n".join(" ".join(para) for para in paras)


def _title_text(doc: Doc, line: int | None) -> str | None:
    if line is None:
        return None
    from .segmenters.articles import clean_title

    # Without a read-also prefix: the headline of "Read also: <headline>" over its story.
    return clean_title(related_text(doc.lines[line], doc.lang))


def _quote(q: Any) -> dict[str, Any]:
    return {
        "text": q.text,
        "speaker": q.speaker,
        "line": q.line + 1,
        "start": q.start,
        "end": q.end,
        "cue": q.cue,
        "confidence": round(q.confidence, 3),
    }


def _embed(e: Any) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "text": e.text,
        "author": e.author,
        "handle": e.handle,
        "date": e.date,
        "url": e.urls[0] if e.urls else None,
        "urls": e.urls,
        "lines": [e.first + 1, e.last + 1],
    }


def _comment(c: Any) -> dict[str, Any]:
    return {"author": c.author, "date": c.date, "text": c.text, "line": c.line + 1}
