"""The record's fields as types: what `convert_text` returns and each JSONL line holds (schema 1).

The JSON Schema (`newsdump/schema/record.schema.json`) is the contract for other languages; these
TypedDicts say the same to a type checker and an editor. A test keeps the two in step.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class RecordSource(TypedDict):
    """Where the record's dump came from; `lines` is [first, last] of this record, 1-based."""

    path: str
    member: str | None
    index: int
    url: str | None
    date: str | None
    lines: list[int] | None
    meta: dict[str, Any]


class Related(TypedDict):
    text: str
    line: int


class QuoteRecord(TypedDict):
    """A direct quotation without its marks; `start`/`end` are character offsets in the line."""

    text: str
    speaker: str | None
    line: int
    start: int
    end: int
    cue: str | None
    confidence: float


class Embed(TypedDict):
    kind: str  # tweet, instagram, video
    text: str
    author: str | None
    handle: str | None
    date: str | None
    url: str | None
    urls: list[str]
    lines: list[int]


class Comment(TypedDict):
    author: str | None
    date: str | None
    text: str
    line: int


class Boilerplate(TypedDict):
    kind: str  # source, tags, byline, caption, share, ... other
    text: str
    line: int


class Segment(TypedDict):
    """A run of lines with one label and rule; `score` is the run's lowest."""

    label: str
    lines: list[int]
    rule: str
    score: float


class Diagnostics(TypedDict):
    segments: list[Segment]
    warnings: list[str]
    encoding: str | None
    features: NotRequired[list[dict[str, Any]]]  # with --features (keep_features) only


class Record(TypedDict):
    """One article of one dump."""

    schema: int
    id: str
    source: RecordSource
    article: int
    lang: str | None
    title: str | None
    body: str
    related: list[Related]
    quotes: list[QuoteRecord]
    embeds: list[Embed]
    comments: list[Comment]
    boilerplate: list[Boilerplate]
    meta: dict[str, Any]
    diagnostics: Diagnostics
