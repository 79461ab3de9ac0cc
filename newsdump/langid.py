"""Language identification with py3langid's shipped model (offline), on the text that matters."""

from __future__ import annotations

from functools import lru_cache

import regex

_LETTER = regex.compile(r"\p{L}")
# Enough text for a confident guess; more only costs time.
_SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid import langid

    return langid._get_identifier()  # the shipped model, loaded once per process


def detect(lines: list[str]) -> str | None:
    """The ISO 639-1 code of the prose in `lines` (longest lines first), or None without letters."""
    sample: list[str] = []
    size = 0
    for line in sorted(lines, key=len, reverse=True):
        if size >= _SAMPLE_CHARS:
            break
        sample.append(line)
        size += len(line)
    text = "\n".join(sample)
    if len(_LETTER.findall(text[:500])) < 3:
        return None
    lang, _ = _identifier().classify(text[:_SAMPLE_CHARS])
    return str(lang)
