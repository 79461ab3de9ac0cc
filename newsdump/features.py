"""Line features that survive the loss of HTML: length, words, punctuation, links, bullets, script.

Computed in one pass per line; every segmenter reads the same `LineFeatures`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import regex

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}_'’\-]+")
# Scripts written without spaces between words: count characters, not space-separated tokens.
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
_TERMINAL = regex.compile(r"[.!?…。！？؟۔]['\"”’»」』)\]]*\s*$")
_URL = regex.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|(?<!\w)@\w{2,}|\b\S+\.(?:com|org|net|ru|cn|html?)\b")
_BULLET = regex.compile(r"^\s*(?:[•·▪►◦‣∙■□*+\-–—>»]|\d{1,3}[.)]|\[\d+\])\s+")
_DIGIT = regex.compile(r"\p{N}")
_LETTER = regex.compile(r"\p{L}")
_SEPARATOR = regex.compile(r"\s[|»>/·•]\s|\s[-–—]\s")


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

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}


def line_features(line: str) -> LineFeatures:
    stripped = line.strip()
    chars = len(stripped)
    words = len(_WORD.findall(stripped))
    cjk = len(_CJK.findall(stripped))
    if cjk:
        words = max(words, round(cjk / 1.5))
    letters = len(_LETTER.findall(stripped))
    digits = len(_DIGIT.findall(stripped))
    nonspace = chars - stripped.count(" ") or 1
    url_chars = sum(len(m) for m in _URL.findall(stripped))
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
    )


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line).strip()
