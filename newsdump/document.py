"""The working state of one dump while the segmenters label it.

A `Doc` is created from a `Dump`, then each segmenter reads it and writes labels, rules, scores,
articles, quotes and embeds into it, in pipeline order. Nothing survives between two dumps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .lines import split_for_labeling
from .model import Comment, Dump, Embed, Label, Quote
from .normalize import for_matching


@dataclass(slots=True)
class Doc:
    dump: Dump
    lines: list[str]
    keys: list[str]  # each line normalized for cue matching
    labels: list[Label]
    rules: list[str]  # what decided each line's label: shows up as the segment's "rule"
    scores: list[float]  # confidence of each line's label, 0..1
    kinds: list[str | None]  # boilerplate kind (source, tags, share, ...) of boilerplate lines
    articles: list[int | None]  # article index of each line; None: outside any article
    lang: str | None = None
    titles: dict[int, int] = field(default_factory=dict)  # article -> line of its title
    quotes: list[Quote] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    meta: dict[int, dict[str, Any]] = field(default_factory=dict)  # article -> what boilerplate tells
    warnings: list[str] = field(default_factory=list)
    features: list[dict[str, float]] | None = None  # per-line features, kept when asked for
    # Lines of hard-wrapped paragraphs (paragraphs.py) -> the first line of their paragraph.
    wrapped: dict[int, int] = field(default_factory=dict)
    # Lines over max_line_chars: the segmenters read their start (in `lines`), records get all of it.
    overlong: dict[int, str] = field(default_factory=dict)

    @classmethod
    def from_dump(cls, dump: Dump, max_line_chars: int = 100_000) -> Doc:
        lines, overlong, warnings = split_for_labeling(dump.text, max_line_chars)
        n = len(lines)
        labels = [Label.BLANK if not line.strip() else Label.BODY for line in lines]
        return cls(
            dump=dump,
            lines=lines,
            keys=[for_matching(line) if line.strip() else "" for line in lines],
            labels=labels,
            rules=["blank" if label is Label.BLANK else "" for label in labels],
            scores=[1.0] * n,
            kinds=[None] * n,
            articles=[0] * n,
            warnings=[*dump.warnings, *warnings],
            overlong=overlong,
        )

    def set(self, i: int, label: Label, rule: str, score: float = 1.0, kind: str | None = None) -> None:
        self.labels[i] = label
        self.rules[i] = rule
        self.scores[i] = round(score, 3)
        self.kinds[i] = kind if label is Label.BOILERPLATE else None

    def full_line(self, i: int) -> str:
        """Line `i` as the input has it (all of an overlong line), for the records' text."""
        return self.overlong.get(i) or self.lines[i]

    def content_lines(self) -> list[int]:
        """Indexes of the non-blank lines."""
        return [i for i, label in enumerate(self.labels) if label is not Label.BLANK]

    def __len__(self) -> int:
        return len(self.lines)
