"""Layouts of extractors the body set does not have, made from the dumps it has (training only).

Each gold record (dump text and one label per line) gives copies in other layouts, with the labels
carried along: hard wraps at other widths, a text browser's indentation and link numbers, and one
text node per line (a sentence cut at its inline links, blank lines between). The copies keep their
page, so cross-validation folds (grouped by page) keep a page and its copies together, and their
style names the style they were made from (`inscriptis+wrap`), so leave-one-style-out leaves them
out with it.
"""

from __future__ import annotations

import random
import re
import textwrap
import zlib
from collections.abc import Callable

Lines = list[tuple[str, str]]  # (text, label) per dump line

_BULLET = re.compile(r"^(\s*)(?:[*•+-]|\d+\.)\s+")
_WORD_GAP = re.compile(r"(?<=\S) (?=\S)")


def rewrapped(lines: Lines, rng: random.Random) -> Lines:
    """Every line longer than a width (60 to 100 columns, one per dump) broken at spaces, as markdown
    converters and text browsers hard-wrap."""
    width = rng.choice((60, 66, 72, 80, 90, 100))
    out: Lines = []
    for text, label in lines:
        if len(text) <= width or " " not in text.strip():
            out.append((text, label))
            continue
        indent = text[: len(text) - len(text.lstrip())]
        pieces = textwrap.wrap(text.strip(), width=max(width - len(indent), 20), break_long_words=False) or [
            text
        ]
        out.extend((indent + piece, label) for piece in pieces)
    return out


def browsed(lines: Lines, rng: random.Random) -> Lines:
    """A text browser's page (lynx, w3m): text indented, bullets redrawn, links numbered `[12]`,
    long lines wrapped at 78 columns."""
    bullet = rng.choice(("*", "+", "o", "-"))
    out: Lines = []
    number = 0
    for text, label in lines:
        if not text.strip():
            out.append((text, label))
            continue
        body = _BULLET.sub(f"     {bullet} ", text) if _BULLET.match(text) else "   " + text.strip()
        words = body.split(" ")
        links = 1 if len(words) <= 6 else sum(rng.random() < 0.05 for _ in words)
        for _ in range(links):  # a menu entry is one link; prose holds a few
            number += 1
            at = rng.randrange(len(words))
            while at < len(words) and not words[at]:
                at += 1
            if at < len(words):
                words[at] = f"[{number}]{words[at]}"
        out.append((" ".join(words), label))
    return rewrapped(out, random.Random(0)) if rng.random() < 0.5 else out


def node_per_line(lines: Lines, rng: random.Random) -> Lines:
    """Extractors that print one text node per line: a sentence is cut where an inline link or
    emphasis began or ended, with blank lines between the pieces."""
    out: Lines = []
    for text, label in lines:
        gaps = [m.start() for m in _WORD_GAP.finditer(text)]
        cuts = sorted(rng.sample(gaps, k=min(len(gaps), rng.choice((0, 1, 2))))) if len(gaps) >= 8 else []
        if not cuts:
            out.append((text, label))
            continue
        start = 0
        for cut in [*cuts, len(text)]:
            out.append((text[start:cut].strip(), label))
            if cut < len(text):
                out.extend([("", "blank"), ("", "blank")])
            start = cut
    return out


TRANSFORMS: dict[str, Callable[[Lines, random.Random], Lines]] = {
    "wrap": rewrapped,
    "browser": browsed,
    "nodes": node_per_line,
}


def augmented(record: dict, kinds: tuple[str, ...] = tuple(TRANSFORMS)) -> list[dict]:
    """Copies of a gold record in other layouts (same page, id and style suffixed with the layout)."""
    lines = list(zip(record["dump"].split("\n"), record["labels"], strict=True))
    copies = []
    for kind in kinds:
        rng = random.Random(zlib.crc32(f"{record['id']}/{kind}".encode()))
        new = TRANSFORMS[kind](lines, rng)
        copies.append(
            {
                **record,
                "id": f"{record['id']}+{kind}",
                "style": f"{record['style']}+{kind}",
                "dump": "\n".join(text for text, _ in new),
                "labels": [label for _, label in new],
            }
        )
    return copies
