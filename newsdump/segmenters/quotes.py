"""Direct quotations in title and body lines, with the speaker a reporting cue names.

A quoted span counts as a quotation when a reporting cue (said, قال, a déclaré, заявил, 表示 ...)
stands in its sentence; short quoted terms without one are scare quotes or names and are skipped.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import lexicon
from ..document import Doc
from ..model import Label, Quote

# Opening mark -> closing marks, for every quoting style of the languages we meet.
PAIRS = {
    "“": "”",
    "«": "»",
    "„": "“”",
    "‚": "‘’",
    "‹": "›",
    "「": "」",
    "『": "』",
    '"': '"',
    "»": "«",  # Danish/German reversed guillemets
}
_SPAN = regex.compile(
    "|".join(f"{regex.escape(o)}(?P<q{n}>[^{regex.escape(c)}\\n]+?)(?:[{regex.escape(c)}]|(?P<open{n}>$))"
             for n, (o, c) in enumerate(PAIRS.items()))
)
_SENTENCE_END = regex.compile(r"[.!?。！？؟]\s")
_NAME_AFTER = regex.compile(r"^\s*(?P<name>(?:\p{Lu}[\p{L}\-'.]*\s?){1,4})")
_NAME_BEFORE = regex.compile(r"(?P<name>(?:\p{Lu}[\p{L}\-'.]*\s){1,4})$")
_ARABIC_NP = regex.compile(r"^\s*(?P<name>(?:(?!(?:ان|أن|إن|انه|أنه|إنه|بأن|على|في|خلال|عن)\b)[\p{Arabic}.]+\s?){1,4})")
MIN_WORDS_WITHOUT_CUE = 8


class QuoteSegmenter:
    name = "quotes"

    def __call__(self, doc: Doc) -> None:
        cues = _cue_pattern(doc.lang or "")
        for i, label in enumerate(doc.labels):
            if label not in (Label.BODY, Label.TITLE) or (label is Label.TITLE and i != doc.titles.get(doc.articles[i] or 0)):
                continue
            line = doc.lines[i]
            for found in _SPAN.finditer(line):
                group = next(k for k, v in found.groupdict().items() if v is not None and k.startswith("q"))
                text = found.group(group).strip()
                unclosed = found.group("open" + group[1:]) is not None
                if not text:
                    continue
                cue = _nearest_cue(cues, line, found.start(), found.end())
                words = len(text.split())
                if cue is None and words < MIN_WORDS_WITHOUT_CUE:
                    continue
                speaker = _speaker(line, cue) if cue else None
                start = found.start(group) + (len(found.group(group)) - len(found.group(group).lstrip()))
                doc.quotes.append(
                    Quote(
                        text=text,
                        speaker=speaker,
                        line=i,
                        start=start,
                        end=start + len(text),
                        cue=cue.group().strip() if cue else None,
                        confidence=(0.8 if cue else 0.4) - (0.2 if unclosed else 0.0),
                        rule="quotes.unclosed" if unclosed else "quotes.cue" if cue else "quotes.long",
                    )
                )
                if unclosed:
                    doc.warnings.append(f"line {i + 1}: quotation mark never closed; quote runs to the end of the line")


@lru_cache(maxsize=64)
def _cue_pattern(lang: str) -> regex.Pattern[str] | None:
    verbs = lexicon._read("speech", lang).get("verb", {}).get("contains", [])
    if not verbs:
        verbs = lexicon._read("speech", "en").get("verb", {}).get("contains", [])
    alternatives = sorted({_loose(v) for v in verbs}, key=len, reverse=True)
    return regex.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", regex.IGNORECASE) if alternatives else None


def _loose(phrase: str) -> str:
    """A regex for a normalized phrase that also matches the unnormalized spellings of Arabic letters."""
    classes = {"ا": "[اأإآٱ]", "ي": "[يىئ]", "ه": "[هة]", "و": "[وؤ]"}
    return "".join(classes.get(ch, regex.escape(ch)) for ch in phrase)


def _nearest_cue(cues: regex.Pattern[str] | None, line: str, start: int, end: int) -> regex.Match[str] | None:
    if cues is None:
        return None
    lo = max((m.end() for m in _SENTENCE_END.finditer(line, 0, start)), default=0)
    hi = next((m.start() for m in _SENTENCE_END.finditer(line, end)), len(line))
    best = None
    for m in cues.finditer(line, lo, hi):
        distance = start - m.end() if m.end() <= start else m.start() - end
        if distance < 0:
            continue
        if best is None or distance < best[0]:
            best = (distance, m)
    return best[1] if best else None


def _speaker(line: str, cue: regex.Match[str]) -> str | None:
    after = line[cue.end() :]
    before = line[: cue.start()]
    for pattern, text in ((_ARABIC_NP, after), (_NAME_AFTER, after)):
        found = pattern.match(text)
        if found:
            return found["name"].strip(" .،,")
    found = _NAME_BEFORE.search(before)
    return found["name"].strip(" .,") if found else None
