"""Cue lexicons: per-language phrase lists (data files) compiled once into fast matchers.

A lexicon file is TOML, one per language and concern (`lexicons/<concern>/<lang>.toml`). Each
table is a cue category with up to three lists of phrases:

    [share]
    line = ["share", "tweet"]          # the whole line is the phrase (punctuation aside)
    prefix = ["share on", "share via"] # the line starts with the phrase
    contains = ["all rights reserved"] # the phrase appears anywhere in the line

Phrases are normalized like the lines they are matched against (see `normalize.for_matching`).
`xx.toml` holds cues that hold in every language; it is always loaded.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from .normalize import for_matching

UNIVERSAL = "xx"
_EDGE_CHAR = regex.compile(r"[\p{P}\p{S}\s]")
_UNSPACED = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]"
# Matches kept per lexicon: menus and widgets repeat across dumps; long lines are not kept, so the
# memo's memory stays bounded whatever the input.
_MEMO_SIZE = 16384
_MEMO_CHARS = 300


@dataclass(frozen=True, slots=True)
class Cue:
    category: str
    phrase: str
    mode: str  # "line", "prefix" or "contains"


class Lexicon:
    """All cues of some languages for one concern, matched against normalized lines."""

    def __init__(self, entries: dict[str, dict[str, list[str]]]) -> None:
        self.categories = sorted(entries)
        self._whole: dict[str, str] = {}
        prefix: dict[str, list[str]] = {}
        contains: dict[str, list[str]] = {}
        for category, modes in entries.items():
            for phrase in modes.get("line", []):
                self._whole.setdefault(_bare(for_matching(phrase)), category)
            prefix[category] = [for_matching(p) for p in modes.get("prefix", [])]
            contains[category] = [for_matching(p) for p in modes.get("contains", [])]
        self._prefix = _alternation(prefix, anchored=True)
        self._contains = _alternation(contains, anchored=False)
        self._memo: dict[str, Cue | None] = {}

    def match(self, key: str) -> Cue | None:
        """The first cue that `key` (a normalized line) matches: whole line, then prefix, then anywhere."""
        if len(key) > _MEMO_CHARS:
            return self._match(key)
        try:
            return self._memo[key]  # segmenters ask about the same lines again
        except KeyError:
            pass
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        cue = self._memo[key] = self._match(key)
        return cue

    def _match(self, key: str) -> Cue | None:
        bare = _bare(key)
        category = self._whole.get(bare)
        if category:
            return Cue(category, bare, "line")
        for pattern, mode in ((self._prefix, "prefix"), (self._contains, "contains")):
            if pattern is None:
                continue
            found = pattern.search(bare)
            if found:
                return Cue(found.lastgroup or "other", found.group(), mode)
        return None

    def has(self, category: str) -> bool:
        return category in self.categories


def _bare(key: str) -> str:
    """The line without bullets, punctuation and symbols at its ends."""
    # A character walk, not `[...]+$`: that regex restarts at every position of a padded line.
    start, end = 0, len(key)
    while start < end and _is_edge(key[start]):
        start += 1
    while end > start and _is_edge(key[end - 1]):
        end -= 1
    return key[start:end]


@lru_cache(maxsize=4096)
def _is_edge(char: str) -> bool:
    return _EDGE_CHAR.match(char) is not None


def _alternation(groups: dict[str, list[str]], anchored: bool) -> regex.Pattern[str] | None:
    """One regex with a named group per category; longest phrases first so the most specific wins."""
    parts = []
    for category, phrases in sorted(groups.items()):
        phrases = sorted({p for p in phrases if p}, key=len, reverse=True)
        if phrases:
            body = "|".join(regex.escape(p) for p in phrases)
            parts.append(f"(?P<{category}>{body})")
    if not parts:
        return None
    # A phrase ends at a word boundary when it ends in a letter: "tags" must not match "tagsüber".
    # Scripts written without spaces have no word boundaries: "图为" starts "图为市民...".
    pattern = "(?:" + "|".join(parts) + rf")(?:(?<=\w)(?!\w)|(?<!\w)|(?<={_UNSPACED})|(?={_UNSPACED}))"
    pattern = "^" + pattern if anchored else rf"(?:(?<!\w)|(?<={_UNSPACED}))" + pattern
    return regex.compile(pattern)


@lru_cache(maxsize=64)
def load(concern: str, langs: tuple[str, ...]) -> Lexicon:
    """The merged lexicon of `concern` for `langs` plus the universal cues; unknown languages add nothing."""
    merged: dict[str, dict[str, list[str]]] = {}
    for lang in (UNIVERSAL, *langs):
        for category, modes in read_entries(concern, lang).items():
            target = merged.setdefault(category, {})
            for mode, phrases in modes.items():
                target.setdefault(mode, []).extend(phrases)
    return Lexicon(merged)


@lru_cache(maxsize=256)
def read_entries(concern: str, lang: str) -> dict[str, dict[str, list[str]]]:
    path = resources.files("newsdump") / "lexicons" / concern / f"{lang}.toml"
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def available(concern: str) -> list[str]:
    folder = resources.files("newsdump") / "lexicons" / concern
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
