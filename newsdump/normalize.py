"""Text normalization for matching cues: NFKC, case, Arabic letter forms, diacritics, invisible marks.

Only matching uses the normalized text; records always carry the text as found.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Arabic harakat, Quranic marks and the tatweel carry no meaning for cue matching (code point ranges).
_ARABIC_MARKS = ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED), (0x0640, 0x0640))
# Bidi controls, zero-width characters, the BOM and the soft hyphen are invisible but break matching.
_INVISIBLE_CHARS = ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2069), (0xFEFF, 0xFEFF), (0x00AD, 0x00AD))
_INVISIBLE = regex.compile("[" + "".join(f"\\u{a:04X}-\\u{b:04X}" for a, b in _INVISIBLE_CHARS) + "]")
_ARABIC_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
# Romanian ș and ț are written with a comma or (legacy fonts and keyboards) a cedilla: one letter.
_COMMA_LETTERS = {"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"}
# One `translate` drops the invisible characters and the marks and unifies the letter forms: the same
# as removing each in turn, as no letter form is a dropped character.
_FOLD = {
    **{c: None for first, last in (*_INVISIBLE_CHARS, *_ARABIC_MARKS) for c in range(first, last + 1)},
    **str.maketrans(_ARABIC_LETTERS),
    **str.maketrans(_COMMA_LETTERS),
}
_SPACES = regex.compile(r"\s+")
# Sentence-final marks of scripts beyond the Latin `.!?`: CJK 。！？, Arabic ؟, Urdu ۔, Devanagari
# and Bengali । ॥, Armenian ։, Ethiopic ።, Myanmar ။. Every "ends like a sentence" test uses them;
# the periods alone (no question or exclamation mark, which a headline may end with) tell a
# headline from a sentence.
SCRIPT_PERIODS = "。۔।॥։።။"
SCRIPT_FULL_STOPS = SCRIPT_PERIODS + "！？؟"


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
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return _SPACES.sub(" ", text).strip()


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)
