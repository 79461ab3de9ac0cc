"""Lines repeated across many dumps of a batch: site chrome the single-dump model cannot see.

A menu item, a footer, a newsletter blurb or a "most read" teaser comes back on every page of a
site, while an article's sentences appear on one page (and its copies). As trafilatura and CCNet
do, a first pass over the batch counts in how many distinct dumps each normalized line occurs;
the lines seen in at least `min_dumps` of them are boilerplate wherever they occur.

Dumps are grouped by site when their URL is known (`source.url`), else the whole batch is one
group. The table holds 64-bit hashes only, so it is small, picklable for worker processes, and
can be saved and reused for later batches of the same sites (`save` / `load`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .lines import split_lines
from .model import Dump, InputError
from .normalize import for_matching

MIN_DUMPS = 3  # a line in 2 dumps may be one page captured twice; in 3 or more it is the site's
MIN_KEY_CHARS = 2  # single characters ("|", "•") carry no site information
FORMAT = "newsdump-repeats/1"


def line_hash(key: str) -> int:
    """A stable 64-bit hash of a normalized line (Python's hash() differs between processes)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def site_of(dump: Dump) -> str:
    """The group a dump is counted in: its URL's host, or "" when the URL is unknown."""
    url = dump.source.url
    host = urlsplit(url).hostname if url else None
    return (host or "").removeprefix("www.")


@dataclass
class RepeatCounter:
    """First pass: in how many dumps of each site each normalized line occurs."""

    max_line_chars: int = 100_000
    counts: dict[str, Counter[int]] = field(default_factory=dict)
    dumps: Counter[str] = field(default_factory=Counter)

    def add(self, dump: Dump) -> None:
        lines, _ = split_lines(dump.text, self.max_line_chars)
        hashes = {line_hash(key) for key in map(for_matching, lines) if len(key.strip()) >= MIN_KEY_CHARS}
        site = site_of(dump)
        self.counts.setdefault(site, Counter()).update(hashes)
        self.dumps[site] += 1

    def table(self, min_dumps: int = MIN_DUMPS) -> RepeatedLines:
        sites = {
            site: frozenset(h for h, n in counts.items() if n >= min_dumps)
            for site, counts in self.counts.items()
        }
        return RepeatedLines({site: hashes for site, hashes in sites.items() if hashes}, min_dumps)


@dataclass(frozen=True)
class RepeatedLines:
    """Second pass: which lines of a dump its site repeats."""

    sites: dict[str, frozenset[int]]
    min_dumps: int = MIN_DUMPS

    def lines_of(self, dump: Dump) -> frozenset[int]:
        return self.sites.get(site_of(dump), frozenset())

    def __len__(self) -> int:
        return sum(len(hashes) for hashes in self.sites.values())

    def save(self, path: str | Path) -> None:
        data = {
            "format": FORMAT,
            "min_dumps": self.min_dumps,
            "sites": {site: sorted(hashes) for site, hashes in sorted(self.sites.items())},
        }
        Path(path).write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> RepeatedLines:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a newsdump repeated-lines table ({FORMAT})")
        sites = {site: frozenset(hashes) for site, hashes in data["sites"].items()}
        return cls(sites, int(data["min_dumps"]))

    def merged(self, other: RepeatedLines) -> RepeatedLines:
        sites = dict(self.sites)
        for site, hashes in other.sites.items():
            sites[site] = sites.get(site, frozenset()) | hashes
        return RepeatedLines(sites, min(self.min_dumps, other.min_dumps))


def count_repeats(dumps: Iterable[Dump | InputError], min_dumps: int = MIN_DUMPS) -> RepeatedLines:
    """The repeated-lines table of a batch (unreadable inputs are skipped: the conversion reports them)."""
    counter = RepeatCounter()
    for dump in dumps:
        if isinstance(dump, Dump):
            counter.add(dump)
    return counter.table(min_dumps)
