"""The Python that engine/src/features.rs and context.rs replaced (newsdump/features.py before issue
15's port: `line_features`, `line_vectors`), kept as the reference the differential tests hold the
engine to. Not used by newsdump."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import regex

from newsdump.features import NEIGHBOURS, LineFeatures, _spread_run_shares, cjk_stopchars, is_prose
from newsdump.normalize import SCRIPT_FULL_STOPS

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_'’\-]+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
_TERMINAL = regex.compile(rf"[.!?…{SCRIPT_FULL_STOPS}]['\"”’»」』)\]]*\s*$")
_URL = regex.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|(?<!\w)@\w{2,}|\b\S+\.(?:com|org|net|ru|cn|html?)\b"
)
_BULLET = regex.compile(r"^\s*(?:[•·▪►◦‣∙■□*+\-–—>»]|\d{1,3}[.)]|\[\d+\])\s+")
_DIGIT = regex.compile(r"\p{N}")
_NON_LETTER = regex.compile(r"\P{L}+")
_URL_MARKS = ("@", "http", "www.", ".com", ".org", ".net", ".ru", ".cn", ".htm")
_UPPER_START = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}")
_SEPARATOR = regex.compile(r"\s[|»>/·•]\s|\s[-–—]\s")
_CLAUSE = regex.compile(r"[,;，、；،؛]")
_COLON_END = regex.compile(r"[:：]\s*$")
_TRUNCATED = regex.compile(r"(?:…|\.\.\.)['\"”’»」』)\]]*\s*$")


def line_features(line: str, stoplist: frozenset[str] = frozenset()) -> LineFeatures:
    stripped = line.strip()
    chars = len(stripped)
    tokens = _WORD.findall(stripped)
    words = len(tokens)
    cjk_chars = _CJK.findall(stripped)
    cjk = len(cjk_chars)
    if cjk:
        words = max(words, round(cjk / 1.5))
    letters = len(_NON_LETTER.sub("", stripped))
    digits = len(_DIGIT.findall(stripped))
    nonspace = chars - stripped.count(" ") or 1
    has_url = any(mark in stripped for mark in _URL_MARKS)
    url_chars = sum(len(m) for m in _URL.findall(stripped)) if has_url else 0
    return LineFeatures(
        chars=chars,
        words=words,
        terminal=bool(_TERMINAL.search(stripped)),
        bullet=bool(_BULLET.match(line)),
        url_share=url_chars / chars if chars else 0.0,
        digit_share=digits / (letters + digits) if letters + digits else 0.0,
        letter_share=letters / nonspace,
        separators=len(_SEPARATOR.findall(stripped)),
        indent=len(line) - len(line.lstrip()),
        stop_share=_stop_share(tokens, cjk_chars, stoplist),
        clauses=len(_CLAUSE.findall(stripped)),
        upper_share=len(_UPPER_START.findall(stripped)) / len(tokens) if tokens else 0.0,
        colon_end=bool(_COLON_END.search(stripped)),
        truncated=bool(_TRUNCATED.search(stripped)),
    )


def _stop_share(tokens: list[str], cjk_chars: list[str], stoplist: frozenset[str]) -> float:
    if len(cjk_chars) * 2 > len(tokens):
        stop = cjk_stopchars()
        return sum(c in stop for c in cjk_chars) / len(cjk_chars)
    if not tokens or not stoplist:
        return 0.0
    return sum(t.casefold() in stoplist for t in tokens) / len(tokens)


def own_vector(f: LineFeatures, has_stoplist: bool, cue: bool, repeated: bool) -> list[float]:
    w = f.words
    return [
        1.0, math.log1p(w), math.log1p(f.chars), float(w <= 3), float(4 <= w <= 9), float(10 <= w <= 19),
        float(w >= 20), float(f.terminal), float(f.bullet), f.url_share, f.digit_share, f.letter_share,
        float(min(f.separators, 3)), math.log1p(f.indent), f.stop_share, float(not has_stoplist and f.stop_share == 0),
        min(f.clauses / max(w, 1), 1.0), f.upper_share, float(f.colon_end), float(cue), float(repeated),
        float(f.truncated),
    ]  # fmt: skip


def line_vectors(
    lines: Sequence[str], content: Sequence[int], feats: Sequence[LineFeatures], keys: Sequence[str],
    cues: Sequence[bool], has_stoplist: bool,
) -> list[list[float]]:  # fmt: skip
    """One vector (FEATURE_NAMES order) per content line `content[k]`, whose features are `feats[k]`."""
    n, m = len(lines), len(content)
    counts = Counter(keys)
    own = [
        own_vector(f, has_stoplist, c, counts[key] > 1) for f, c, key in zip(feats, cues, keys, strict=True)
    ]
    prose = [is_prose(f) for f in feats]
    before, after = _prose_distances(prose)
    run_share = _run_shares(prose, feats)
    window = _window_shares(prose, feats, radius=5)
    longest = max((f.chars for f in feats), default=1) or 1
    # Dump-level shape: a short dump that is mostly prose (a scraped article) is mostly body.
    log_lines = math.log1p(m)
    dump_prose = sum(f.chars for f, p in zip(feats, prose, strict=True) if p) / (
        sum(f.chars for f in feats) or 1
    )
    out = []
    for k, i in enumerate(content):
        pos = i / max(n - 1, 1)
        context = [
            float(i > 0 and not lines[i - 1].strip()), float(i + 1 < n and not lines[i + 1].strip()),
            pos, pos * pos, math.log1p(before[k]), math.log1p(after[k]),
            float(before[k] <= 3 and after[k] <= 3), run_share[k], window[k], feats[k].chars / longest,
            log_lines, dump_prose, float(before[k] > _FAR), float(after[k] > _FAR),
            float(prose[k]) * feats[k].stop_share,
        ]  # fmt: skip
        neighbours = []
        for d in NEIGHBOURS:
            j = k + d
            if 0 <= j < m:
                v = own[j]
                neighbours += [v[1], v[7], v[14], v[8], v[19]]
            else:
                neighbours += [0.0, 0.0, 0.0, 0.0, 0.0]
        out.append(own[k] + context + neighbours)
    return out


_FAR = 30  # distances are capped: farther prose says nothing more


def _prose_distances(prose: list[bool]) -> tuple[list[int], list[int]]:
    """Content lines back to the previous prose line and on to the next one (capped; _FAR + 1: none)."""
    m = len(prose)
    before, after = [_FAR + 1] * m, [_FAR + 1] * m
    last = None
    for k in range(m):
        if last is not None:
            before[k] = min(k - last, _FAR)
        if prose[k]:
            last = k
    last = None
    for k in range(m - 1, -1, -1):
        if last is not None:
            after[k] = min(last - k, _FAR)
        if prose[k]:
            last = k
    return before, after


def _run_shares(prose: list[bool], feats: Sequence[LineFeatures], gap: int = 3) -> list[float]:
    """Each line's prose run's share of the dump's prose characters (runs bridge up to `gap` lines)."""
    return _spread_run_shares(prose, [f.chars for f in feats], gap, first_run_from_top=True)


def _window_shares(prose: list[bool], feats: Sequence[LineFeatures], radius: int) -> list[float]:
    """Share of the characters within `radius` content lines that are in prose lines."""
    chars = [f.chars for f in feats]
    prose_chars = [c if p else 0 for c, p in zip(chars, prose, strict=True)]
    acc_all, acc_prose = [0], [0]
    for c, p in zip(chars, prose_chars, strict=True):
        acc_all.append(acc_all[-1] + c)
        acc_prose.append(acc_prose[-1] + p)
    m = len(chars)
    out = []
    for k in range(m):
        lo, hi = max(0, k - radius), min(m, k + radius + 1)
        out.append((acc_prose[hi] - acc_prose[lo]) / ((acc_all[hi] - acc_all[lo]) or 1))
    return out
