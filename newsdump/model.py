"""The small value types that flow through newsdump: a dump, its lines' labels, the parts of a record."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Label(StrEnum):
    """What a line of a dump is. The values are the segment labels of the record schema."""

    TITLE = "title"
    BODY = "body"
    BOILERPLATE = "boilerplate"
    RELATED = "related"
    EMBED = "embed"
    COMMENT = "comment"
    BLANK = "blank"


@dataclass(slots=True)
class Source:
    """Where a dump came from: the input path as given, an archive member, the dump's index."""

    path: str
    member: str | None = None
    index: int = 0
    url: str | None = None
    date: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    key: str | None = None  # the dump's name in record ids instead of its index (JSONL --id-field)


@dataclass(slots=True)
class Dump:
    """One dump: the decoded text of one page, with where it came from and how it was decoded."""

    text: str
    source: Source
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    text: str
    speaker: str | None
    line: int  # 0-based index into Doc.lines; the record shows it 1-based
    start: int  # character offsets of the quote text within the line
    end: int
    cue: str | None = None
    confidence: float = 0.5
    rule: str = ""


@dataclass(slots=True)
class Embed:
    kind: str  # "tweet", "video", "instagram", ...
    text: str
    first: int  # 0-based first and last line
    last: int
    author: str | None = None
    handle: str | None = None
    date: str | None = None
    urls: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Comment:
    """A reader comment: who wrote it and when (as the page prints it), its text and its lines."""

    author: str | None
    date: str | None  # ISO 8601 when the page gives a date, else as written ("6 days ago")
    text: str
    line: int  # 0-based line of its author line (of its first line when it has none)
    first: int
    last: int


@dataclass(slots=True)
class InputError:
    """An input (or part of one) that could not be read: reported on stderr, never fatal to the batch."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(slots=True)
class InputNotice:
    """Something a human should know about an input that costs no data (a FIFO skipped in a folder,
    WARC records of other types): one warning line on stderr, not a failure."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
