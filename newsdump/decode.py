"""Bytes to text: byte-order marks, UTF-8, UTF-16 without a BOM, and legacy encodings by detection."""

from __future__ import annotations

import codecs

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
        return guess
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
