"""Counts over a run's records: dumps, articles, languages, line labels, boilerplate kinds, quotes,
related links, embeds and warnings. Input is newsdump's JSONL output, or dumps (labeled on the fly)."""

from __future__ import annotations

import gzip
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import orjson


@dataclass(slots=True)
class Stats:
    dumps: int = 0
    articles: int = 0
    articles_with_body: int = 0
    articles_with_title: int = 0
    body_chars: int = 0
    quotes: int = 0
    quotes_with_speaker: int = 0
    related: int = 0
    embeds: int = 0
    warnings: int = 0
    failures: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)  # lines per label
    boilerplate_kinds: Counter[str] = field(default_factory=Counter)  # boilerplate lines per kind
    rules: Counter[str] = field(default_factory=Counter)  # lines per deciding rule
    embed_kinds: Counter[str] = field(default_factory=Counter)

    def add(self, record: dict[str, Any]) -> None:
        """Count one record (one article); its dump is counted at its first article."""
        self.dumps += record.get("article", 0) == 0
        self.articles += 1
        self.articles_with_body += bool((record.get("body") or "").strip())
        self.articles_with_title += bool(record.get("title"))
        self.body_chars += len(record.get("body") or "")
        self.languages[str(record.get("lang"))] += 1
        quotes = record.get("quotes") or []
        self.quotes += len(quotes)
        self.quotes_with_speaker += sum(1 for q in quotes if isinstance(q, dict) and q.get("speaker"))
        self.related += len(record.get("related") or [])
        self.embeds += len(record.get("embeds") or [])
        self.embed_kinds.update(str(e.get("kind")) for e in record.get("embeds") or [] if isinstance(e, dict))
        self.boilerplate_kinds.update(str(b.get("kind")) for b in record.get("boilerplate") or [])
        diagnostics = record.get("diagnostics") or {}
        self.warnings += len(diagnostics.get("warnings") or [])
        for seg in diagnostics.get("segments") or []:
            first, last = seg["lines"]
            self.labels[seg["label"]] += last - first + 1
            self.rules[seg.get("rule") or ""] += last - first + 1

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(self, name)
            out[name] = dict(value.most_common()) if isinstance(value, Counter) else value
        return out


def collect(records: Iterable[dict[str, Any]]) -> Stats:
    stats = Stats()
    for record in records:
        stats.add(record)
    return stats


def _open(path: str) -> IO[bytes]:
    """A records file, plain or gzip (what `convert -o out.jsonl.gz` writes most often)."""
    with open(path, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else open(path, "rb")  # type: ignore[return-value]  # noqa: SIM115


def is_records_file(path: str) -> bool:
    """newsdump output (JSONL records with `schema` and `diagnostics`), not dumps to label."""
    if path == "-" or not os.path.isfile(path):
        return False
    try:
        with _open(path) as fh:
            first = next((line for line in fh if line.strip()), b"")
        obj = orjson.loads(first)
    except (OSError, EOFError, orjson.JSONDecodeError):
        return False
    return isinstance(obj, dict) and "schema" in obj and "diagnostics" in obj


def iter_records(path: str) -> Iterator[dict[str, Any]]:
    with _open(path) as fh:
        for line in fh:
            if line.strip():
                yield orjson.loads(line)


def table(stats: Stats, title: str) -> Any:
    """A rich renderable: totals, then one small table per breakdown."""
    from rich.columns import Columns
    from rich.console import Group
    from rich.table import Table

    totals = Table(title=title, title_justify="left", show_header=False)
    totals.add_column("what")
    totals.add_column("count", justify="right")
    for name, value in _totals(stats):
        totals.add_row(name, value)
    parts = [_counter_table(name, counter) for name, counter in _breakdowns(stats) if counter]
    return Group(totals, Columns(parts))


def _totals(stats: Stats) -> list[tuple[str, str]]:
    return [
        ("dumps", str(stats.dumps)),
        ("articles", str(stats.articles)),
        ("  with a body", str(stats.articles_with_body)),
        ("  with a title", str(stats.articles_with_title)),
        ("body characters", f"{stats.body_chars:,}"),
        ("quotes", str(stats.quotes)),
        ("  with a speaker", str(stats.quotes_with_speaker)),
        ("related links", str(stats.related)),
        ("embeds", str(stats.embeds)),
        ("warnings", str(stats.warnings)),
        *([("failed inputs", str(stats.failures))] if stats.failures else []),
    ]


def _breakdowns(stats: Stats) -> list[tuple[str, Counter[str]]]:
    return [
        ("languages", stats.languages),
        ("lines by label", stats.labels),
        ("boilerplate kinds", stats.boilerplate_kinds),
        ("embed kinds", stats.embed_kinds),
    ]


def _counter_table(name: str, counter: Counter[str]) -> Any:
    from rich.table import Table

    total = sum(counter.values()) or 1
    t = Table(title=name, title_justify="left")
    t.add_column(name.split()[-1].rstrip("s"))
    t.add_column("n", justify="right")
    t.add_column("%", justify="right")
    for key, n in counter.most_common():
        t.add_row(key, str(n), f"{100 * n / total:.1f}")
    return t
