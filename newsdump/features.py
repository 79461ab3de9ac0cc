"""Line features that survive the loss of HTML: length, words, punctuation, links, bullets, script.

`line_features` looks at one line (every segmenter reads the same `LineFeatures`), in the compiled
engine (engine/src/features.rs, the patterns and the Python-vs-Rust regex traps documented there;
tests/test_engine_features.py holds it to the Python it replaced); `line_vectors` adds what the
boilerplate model needs from a line's surroundings: its neighbours, its distance to the nearest
prose, its place in the dump and in the dump's prose.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

import regex

from ._engine import LineShaper, Stoplist
from ._engine import line_vectors as engine_line_vectors
from .normalize import SCRIPT_FULL_STOPS

# Scripts written without spaces between words: count characters, not space-separated tokens.
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
_BULLET = regex.compile(r"^\s*(?:[•·▪►◦‣∙■□*+\-–—>»]|\d{1,3}[.)]|\[\d+\])\s+")
_SHAPER = LineShaper(SCRIPT_FULL_STOPS)


@dataclass(slots=True)
class LineFeatures:
    chars: int
    words: int  # space-separated words; CJK text counts about 1.5 characters per word
    terminal: bool  # ends with sentence punctuation of any script
    bullet: bool
    url_share: float  # share of characters in URLs, e-mail addresses and @handles
    digit_share: float  # share of digits among letters and digits
    letter_share: float  # share of letters among non-space characters
    separators: int  # " | ", " » ", " - " ... as in breadcrumbs and page titles
    indent: int
    stop_share: float = 0.0  # share of words (CJK: characters) in the language's stoplist
    clauses: int = 0  # commas and semicolons of any script
    upper_share: float = 0.0  # share of words starting with a capital (Title Case menus)
    colon_end: bool = False  # "Related:" / "Tags:" style headers
    truncated: bool = False  # ends with an ellipsis: teasers are cut short (2126 of 2162 dev lines: not body)

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}


@lru_cache(maxsize=64)
def stopwords(lang: str | None) -> frozenset[str]:
    """The stoplist of `lang` (stopwordsiso); Chinese and Japanese use their one-character entries."""
    import stopwordsiso

    if not lang or not stopwordsiso.has_lang(lang):
        return frozenset()
    words = {w.casefold() for w in stopwordsiso.stopwords(lang)}
    return frozenset(words)


@lru_cache(maxsize=1)
def cjk_stopchars() -> frozenset[str]:
    """Function characters (的, 了, 是, の, は ...): a language-independent mode for unspaced scripts."""
    import stopwordsiso

    chars = {w for lang in ("zh", "ja") for w in stopwordsiso.stopwords(lang) if len(w) == 1}
    return frozenset(c for c in chars if _CJK.match(c))


@lru_cache(maxsize=16384)
def _shape(line: str) -> tuple[LineFeatures, bool]:
    """The engine's features of `line` without a stoplist, and whether its text is mostly unspaced
    (then the stop share counts CJK function characters, whatever the stoplist)."""
    try:
        *values, cjk_mode = _SHAPER(line)
    except UnicodeEncodeError:  # a lone surrogate (no UTF-8 for it): U+FFFD has the same features
        return _shape(_without_surrogates(line))
    if values[9] is None:  # stop_share: unspaced text, before the CJK stop characters were needed
        _SHAPER.set_cjk_stop("".join(sorted(cjk_stopchars())))
        *values, cjk_mode = _SHAPER(line)
    return LineFeatures(*values), cjk_mode


@lru_cache(maxsize=16384)  # several segmenters ask for the same line's features; never mutated
def line_features(line: str, stoplist: frozenset[str] = frozenset()) -> LineFeatures:
    features, cjk_mode = _shape(line)
    if not stoplist or cjk_mode:
        return features
    try:
        share = _SHAPER.stop_share(line, _engine_stoplist(stoplist))
    except UnicodeEncodeError:
        share = _SHAPER.stop_share(_without_surrogates(line), _engine_stoplist(stoplist))
    return replace(features, stop_share=share)


@lru_cache(maxsize=64)
def _engine_stoplist(stoplist: frozenset[str]) -> Stoplist:
    return Stoplist(sorted(stoplist))


def _without_surrogates(line: str) -> str:
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in line)


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


# ---- model inputs -------------------------------------------------------------------------------

PROSE_WORDS = 12  # a line with terminal punctuation and this many words is prose for context features
LONG_WORDS = 30  # this many words is prose even without terminal punctuation
NEIGHBOURS = (-2, -1, 1, 2)
OWN = (
    "bias", "log_words", "log_chars", "words_le3", "words_4_9", "words_10_19", "words_ge20", "terminal",
    "bullet", "url_share", "digit_share", "letter_share", "separators", "log_indent", "stop_share",
    "no_stoplist", "clauses_per_word", "upper_share", "colon_end", "cue", "repeated", "truncated",
)  # fmt: skip
CONTEXT = (
    "blank_before", "blank_after", "position", "position_sq", "log_dist_prose_before",
    "log_dist_prose_after", "prose_between", "run_share", "window_prose_share", "rel_chars",
    "log_content_lines", "dump_prose_share", "no_prose_before", "no_prose_after", "long_terminal_stop",
)  # fmt: skip
NEIGHBOUR = ("log_words", "terminal", "stop_share", "bullet", "cue")
FEATURE_NAMES = (
    *OWN,
    *CONTEXT,
    *(f"{name}@{d:+d}" for d in NEIGHBOURS for name in NEIGHBOUR),
)


def is_prose(f: LineFeatures) -> bool:
    """Prose for the context features (engine/src/context.rs holds the same rule for the vectors)."""
    return f.words >= LONG_WORDS or (f.words >= PROSE_WORDS and f.terminal)


def line_vectors(
    lines: Sequence[str], content: Sequence[int], feats: Sequence[LineFeatures], keys: Sequence[str],
    cues: Sequence[bool], has_stoplist: bool,
) -> list[list[float]]:  # fmt: skip
    """One vector (FEATURE_NAMES order) per content line `content[k]`, whose features are `feats[k]`
    (in the engine: engine/src/context.rs)."""
    counts = Counter(keys)
    repeated = [counts[key] > 1 for key in keys]
    return engine_line_vectors(lines, list(content), list(feats), list(cues), repeated, has_stoplist)


def _spread_run_shares(
    marked: list[bool], weights: Sequence[float], gap: int, first_run_from_top: bool = False
) -> list[float]:
    """Each run of marked lines (bridging up to `gap` unmarked ones) carries its share of the marked
    weight to its lines and `gap` lines around them; the first run optionally reaches the top."""
    total = sum(w for w, m in zip(weights, marked, strict=True) if m) or 1
    shares = [0.0] * len(marked)
    marks = [k for k, m in enumerate(marked) if m]
    start = 0
    while start < len(marks):
        end = start
        while end + 1 < len(marks) and marks[end + 1] - marks[end] <= gap + 1:
            end += 1
        share = sum(weights[marks[j]] for j in range(start, end + 1)) / total
        lo = 0 if start == 0 and first_run_from_top else marks[start] - gap
        for k in range(max(lo, 0), min(marks[end] + gap + 1, len(marked))):
            shares[k] = max(shares[k], share)
        start = end + 1
    return shares


# ---- second pass: smoothing over the first pass's log-odds ---------------------------------------

STACK_OFFSETS = (-3, -2, -1, 1, 2, 3)
STACK_NAMES = (
    "bias", "logit", *(f"logit@{d:+d}" for d in STACK_OFFSETS), "mean_prob_6", "max_prob_before_6",
    "max_prob_after_6", "body_run_share", "log_words", "terminal",
)  # fmt: skip


def stack_vectors(logits: Sequence[float], own: Sequence[Sequence[float]]) -> list[list[float]]:
    """Second-pass inputs: the line's and its neighbours' first-pass log-odds (jusText's revision, learned)."""
    m = len(logits)
    probs = [_sigmoid(x) for x in logits]
    runs = _body_run_shares(probs, [math.expm1(v[2]) for v in own])
    out = []
    for k in range(m):
        row = [1.0, logits[k]]
        row += [logits[k + d] if 0 <= k + d < m else -4.0 for d in STACK_OFFSETS]
        window = probs[max(0, k - 6) : k + 7]
        row.append(sum(window) / len(window))
        row.append(max(probs[max(0, k - 6) : k], default=0.0))
        row.append(max(probs[k + 1 : k + 7], default=0.0))
        row += [runs[k], own[k][1], own[k][7]]
        out.append(row)
    return out


def _body_run_shares(probs: list[float], chars: list[float], gap: int = 2) -> list[float]:
    """Expected body characters of the line's run of likely-body lines, as a share of the dump's."""
    likely = [p > 0.5 for p in probs]
    return _spread_run_shares(likely, [p * c for p, c in zip(probs, chars, strict=True)], gap)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
