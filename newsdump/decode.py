"""Bytes to text: byte-order marks, UTF-8, UTF-16 without a BOM, and legacy encodings by detection."""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache

import regex

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab and the line breaks that str.splitlines() knows.
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
# Bytes that text in UTF-8 or a legacy 8-bit encoding never holds, but UTF-16 text always does.
_CONTROL_BYTES = regex.compile(rb"[\x00-\x08\x0e-\x1f]")
# Among equally plausible 8-bit Latin guesses, the web's default (WHATWG: latin-1 means cp1252).
_WESTERN = "cp1252"
# DOS code pages, not the CJK ones (cp932 Japanese, cp936 Chinese, cp949 Korean, cp950 Chinese).
_DOS_CODEPAGE = regex.compile(r"cp(?!93[2-9]|949|950)[0-9]{3}")
# How much of a large input the charset detector reads: enough for a confident guess.
_DETECT_BYTES = 256 * 1024
# How much of it the plausibility check reads: it matters on short texts, where detection is weak.
_CHECK_BYTES = 4096
# The legacy encodings of the web (WHATWG's list, by how common they are on news sites); candidate
# readings when the detector's guess reads implausibly.
_WEB_LEGACY = (
    "cp1252", "cp1251", "cp1256", "gb18030", "cp1250", "cp1254", "cp1253", "cp1255", "cp1257",
    "koi8_r", "koi8_u", "iso8859_2", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_13", "big5", "cp932", "euc_jp", "euc_kr", "cp874",
)  # fmt: skip
# Letters beyond a-z of Latin-script alphabets: a reading whose accented letters no one alphabet
# holds ("görüþme": ö, ü and Icelandic þ) is a wrong code page.
_LATIN_ALPHABETS = (
    "äöüß", "àâæçéèêëîïôœùûüÿ", "áéíñóúü", "àáâãçéêíóôõú", "àèéìíîòóùú", "àçèéíïòóúü", "áéëïóöü",
    "ąćęłńóśźż", "áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "čćđšž", "áéíóöőúüű", "ăâîșțşţ",
    "çğıöşüâîû", "çəğıöşü", "çë", "ąčęėįšųūž", "āčēģīķļņšūž", "äõöüšž", "äöåšž", "åäöé", "æøåé",
    "ċġħż",
)  # fmt: skip
# Icelandic (ð þ ý) is left out on purpose: those letters are what Turkish ğ ş ı in cp1254 look like
# read as cp1252, and Turkish news far outnumbers Icelandic.
_DIRECTION_MARKS = "\u200e\u200f"
_FINAL_ONLY = "ςךםןףץ"  # Greek final sigma, Hebrew final forms: never inside a word
_INNER_MARKS = "'’-.·&/_"  # may sit between two letters of a word
# Symbols that news text does use; other symbols beyond ASCII (¹ ¾ ¨ ´ ¸ ¤ ¦ ÷ ...) are what bytes of
# letters look like in the wrong code page.
_USUAL_SYMBOLS = "°©®™№×±€£¥₽₺₹¢§¶•"
_SCRIPT = regex.compile(
    r"(?P<Latin>\p{Latin})|(?P<Cyrillic>\p{Cyrillic})|(?P<Greek>\p{Greek})|(?P<Arabic>\p{Arabic})"
    r"|(?P<Hebrew>\p{Hebrew})|(?P<Hangul>\p{Hangul})|(?P<CJK>[\p{Han}\p{Hiragana}\p{Katakana}])"
    r"|(?P<Thai>\p{Thai})"
)


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode `data` and return (text, encoding used, warnings)."""
    warnings: list[str] = []
    encoding = _detect(data, warnings)
    text = data.decode(encoding, errors="replace")
    if "\ufffd" in text and encoding not in ("utf-8", "utf-8-sig") and not warnings:
        warnings.append(f"undecodable bytes replaced (decoded as {encoding})")
    cleaned = strip_control(text)
    if len(cleaned) != len(text):
        warnings.append(f"removed {len(text) - len(cleaned)} control characters (NUL or other binary bytes)")
    return cleaned, encoding, warnings


def strip_control(text: str) -> str:
    """Drop NUL and other control characters that no text extractor means to keep."""
    return _CONTROL.sub("", text)


def _detect(data: bytes, warnings: list[str]) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    # UTF-16 of Arabic or Cyrillic text is valid UTF-8 made of control bytes: look for it first.
    utf16 = _utf16_without_bom(data) if _CONTROL_BYTES.search(data[:4096]) else None
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        first_error = err.start
    invalid = _count_invalid_utf8(data)
    # A mostly-UTF-8 text with a few broken bytes is UTF-8 with damage, not a legacy encoding.
    if invalid * 200 < len(data) and _has_multibyte_utf8(data):
        warnings.append(f"invalid UTF-8 ({invalid} bytes, first at byte {first_error}) replaced with U+FFFD")
        return "utf-8"
    guess = _charset_normalizer_guess(data)
    if guess:
        return _most_plausible(data, guess)
    warnings.append(
        f"encoding not recognized (binary content?); decoded as UTF-8 from byte {first_error} with replacement"
    )
    return "utf-8"


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    # Arabic, Cyrillic and CJK in UTF-16 have few NULs: test that it decodes and is mostly letters.
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = sample[: len(sample) // 2 * 2].decode(name)
        except UnicodeDecodeError:
            continue
        letters = sum(ch.isalpha() or ch.isspace() for ch in text)
        if text and letters / len(text) > 0.9 and _single_script_block(text):
            return name
    return None


def _single_script_block(text: str) -> bool:
    """UTF-16 read from random bytes gives characters from all over the code space; real text does not."""
    blocks = {ord(ch) >> 8 for ch in text if not ch.isspace() and ord(ch) > 0x7F}
    return len(blocks) <= 3


def _count_invalid_utf8(data: bytes) -> int:
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())


def _has_multibyte_utf8(data: bytes) -> bool:
    return regex.search(rb"[\xc2-\xf4][\x80-\xbf]", data) is not None


def _unlikely_on_the_web(encoding: str, data: bytes) -> bool:
    """DOS, Mac and HP code pages (cp775, cp850, mac_roman, hp_roman8...) win short guesses but are
    not what news pages use: read such text as cp1252 when it is valid cp1252."""
    rare = _DOS_CODEPAGE.fullmatch(encoding) or encoding.startswith(("mac", "hp_", "ptcp", "kz1048"))
    try:
        return bool(rare) and bool(data.decode(_WESTERN))
    except UnicodeDecodeError:
        return False


def _same_text(data: bytes, first: str, second: str) -> bool:
    try:
        return data.decode(first) == data.decode(second)
    except (UnicodeDecodeError, LookupError):
        return False


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:_DETECT_BYTES]))
    if not matches:
        return None
    best = matches[0]
    # Short Latin-script texts tie between many code pages; prefer cp1252 unless it is worse, or
    # decodes to the very same text as the guess (then the name hardly matters; cp1252 is likelier).
    tied = any(
        m.encoding == _WESTERN and (m.chaos, -m.coherence) <= (best.chaos, -best.coherence) for m in matches
    )
    if tied or _same_text(data, best.encoding, _WESTERN) or _unlikely_on_the_web(best.encoding, data):
        return _WESTERN
    # Detection over a prefix may stop inside a multibyte character; confirm on the whole input.
    try:
        codecs.lookup(best.encoding)
    except LookupError:
        return None
    return best.encoding


def _most_plausible(data: bytes, guess: str) -> str:
    """The detector's guess, unless another web encoding reads the text clearly more plausibly.

    Detection is statistical and weak on a few short lines: KOI8-R read as cp1251 gives "пРЕЗИДЕНТ",
    cp1254 Turkish read as cp1252 gives "görüþme", Greek read as Shift-JIS gives half-width katakana.
    """
    sample = _sample(data)
    best, best_odd = guess, _oddness_as(sample, guess)
    if guess.startswith(("utf_16", "utf_32")) and b"\0" not in sample:
        best_odd = float("inf")  # UTF-16 text has spaces or line breaks, each holding a NUL byte
    for name in _WEB_LEGACY:
        if best_odd == 0:
            break
        odd = _oddness_as(sample, name)
        if odd < best_odd:
            best, best_odd = name, odd
    return best


def _sample(data: bytes) -> bytes:
    """The start of `data`, cut after a line break (a byte no legacy encoding uses inside a
    character), so that a multibyte character is never cut in two."""
    if len(data) <= _CHECK_BYTES:
        return data
    cut = data.rfind(b"\n", 0, _CHECK_BYTES)
    return data[: cut + 1] if cut > 0 else data[:_CHECK_BYTES]


def _oddness_as(sample: bytes, encoding: str) -> float:
    try:
        text = sample.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return float("inf")
    return oddness(text, encoding)


def oddness(text: str, encoding: str = "utf-8") -> float:
    """How implausible `text` is as written language: odd characters per non-ASCII character.

    Odd are characters that real text does not show: a word mixing scripts, half-width katakana,
    a capital after a small letter inside a word (beyond ASCII), a symbol between two letters, a
    final-only letter inside a word, control and unassigned characters, and accented Latin letters
    outside the one alphabet (of those `encoding` can write) that holds most of them. 0 for ASCII.
    """
    wide = sum(ord(ch) > 0x7F for ch in text)
    if not wide:
        return 0.0
    return (sum(_odd_in_word(word) for word in text.split()) + _alphabet_misses(text, encoding)) / wide


def _odd_in_word(word: str) -> int:
    odd = directions = 0
    scripts: dict[str, int] = {}
    for i, ch in enumerate(word):
        if ord(ch) < 0x80:
            if ch.isalpha():
                scripts["Latin"] = scripts.get("Latin", 0) + 1
            continue
        category = unicodedata.category(ch)
        if _odd_char(ch, category):
            odd += 1
        elif ch in _DIRECTION_MARKS:
            directions += 1
        elif category[0] == "M":
            odd += not i or not (word[i - 1].isalpha() or unicodedata.category(word[i - 1])[0] == "M")
        elif category[0] == "L":
            script = _script_of(ch)
            if script != "Other":  # the long vowel mark ー and other letters shared by scripts
                scripts[script] = scripts.get(script, 0) + 1
            if ch in _FINAL_ONLY and i + 1 < len(word) and word[i + 1].isalpha():
                odd += 1
            if ch.isupper() and i and word[i - 1].islower():
                odd += 1
        elif 0 < i < len(word) - 1 and _alphabetic(word[i - 1]) and _alphabetic(word[i + 1]):
            odd += ch not in _INNER_MARKS  # "Wiadomo¶ci", "g³ówna"
    if "Latin" in scripts:  # left-to-right and right-to-left marks belong between RTL and LTR text
        odd += directions
    return odd + sum(scripts.values()) - max(scripts.values(), default=0)


def _odd_char(ch: str, category: str) -> bool:
    """C1 controls, private use, unassigned, replaced, half-width katakana, unusual symbols."""
    if category in ("Cc", "Co", "Cn") or ch == "\ufffd" or 0xFF61 <= ord(ch) <= 0xFF9F:
        return True
    return category in ("No", "Sk", "Sm", "So") and ch not in _USUAL_SYMBOLS


def _alphabetic(ch: str) -> bool:
    """A letter of a script that separates words with spaces (not CJK, where punctuation is inline)."""
    return ch.isalpha() and _script_of(ch) not in ("CJK", "Other")


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    found = _SCRIPT.match(ch)
    return found.lastgroup or "Other" if found else "Other"


def _alphabet_misses(text: str, encoding: str) -> int:
    """Accented Latin letters outside the alphabet that holds most of them, among the alphabets
    that `encoding` can write (a text in a code page is in a language it was made for)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ord(ch) > 0x7F and ch.isalpha() and _script_of(ch) == "Latin":
            low = ch.lower()[0]  # "İ".lower() is "i" and a combining dot
            if ord(low) > 0x7F:
                counts[low] = counts.get(low, 0) + 1
    if not counts:
        return 0
    alphabets = _alphabets_of(encoding)
    held = max((sum(n for ch, n in counts.items() if ch in alphabet) for alphabet in alphabets), default=0)
    return sum(counts.values()) - held


@lru_cache(maxsize=64)
def _alphabets_of(encoding: str) -> tuple[str, ...]:
    return tuple(alphabet for alphabet in _LATIN_ALPHABETS if _can_write(alphabet, encoding))


def _can_write(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False
