"""Text normalization for matching cues: NFKC, case, Arabic letter forms, diacritics, invisible marks.

Only matching uses the normalized text; records always carry the text as found.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Arabic harakat, Quranic marks and the tatweel carry no meaning for cue matching.
_ARABIC_MARKS = regex.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
# Bidi controls, zero-width characters and the BOM are invisible but break matching.
_INVISIBLE = regex.compile(r"[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_SPACES = regex.compile(r"\s+")


# Short lines (menus, widgets, bylines) repeat across dumps and are worth caching; long prose lines
# rarely repeat and would make the cache's memory depend on the input.
_CACHED_CHARS = 300


def for_matching(text: str) -> str:
    """The form cue lexicons are written in and matched against: one line, folded and simplified."""
    return _short_key(text) if len(text) <= _CACHED_CHARS else _key(text)


@lru_cache(maxsize=32768)
def _short_key(text: str) -> str:
    return _key(text)


def _key(text: str) -> str:
    if text.isascii():  # NFKC, invisible marks and Arabic forms leave ASCII as it is
        return _SPACES.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_ARABIC_LETTERS).casefold()
    return _SPACES.sub(" ", text).strip()


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)
