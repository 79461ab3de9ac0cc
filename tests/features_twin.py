"""The Python `line_features` that engine/src/features.rs replaced (newsdump/features.py before issue
15's port), kept as the reference the differential tests hold the engine to. Not used by newsdump."""

from __future__ import annotations

import regex

from newsdump.features import LineFeatures, cjk_stopchars
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
