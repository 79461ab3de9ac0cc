"""Reader comments under an article: the author/time lines and the text they sign.

Runs after the boilerplate step, which leaves comments as boilerplate (kind comment) or as body.
A comment zone opens at a comments header below the article's body (`lexicons/comments`:
"Comments", "12 comments", "Opinie"; or a boilerplate cue of kind comment). In the zone, author
lines are found by their shape:

- one line: a short name and a time stamp (`~remek [2012-01-04 08:45]`, `Гость 16:17 05.11.18`,
  `TonyZ (6 days ago)`);
- two lines: a name (`Галина:`) over a line that is only a time stamp;
- a name and a "said" phrase (`Jane wrote:`, `瑞雪对…的评论:`);
- in a list whose items carry the same bullet as two author lines (`+ 瑞雪 对…的评论:`), every
  item of that bullet (`+ 燕子:`, or a comment with no author line).

An author line signs the text below it, or, where the page prints every signature under its comment
(the line after it is a control), the text above it; the text runs to a widget control (reply,
report, votes, counters: boilerplate), the next author line or two blank lines. Author and text
lines become COMMENT and each comment is listed in `doc.comments`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import lexicon
from ..document import Doc
from ..model import Comment, Label
from ..normalize import SCRIPT_FULL_STOPS
from .meta import parse_date

MIN_BODY_ABOVE = 200  # characters of body above a comments header: the header follows an article
IDEOGRAPH_WEIGHT = 3  # a Han, kana or Hangul character says about as much as three Latin letters
MAX_GAP = 40  # lines between two author lines (or a header and the first) of one zone
MAX_SIGNATURE_WORDS = 8  # an author line is short: a name, a stamp, maybe a "said"
MAX_NAME_WORDS = 4
MAX_CONTROL_WORDS = 6  # "pokaż 1 ukrytą odpowiedź": a control is short, whatever it starts with
MAX_TEXT_LINES = 15  # content lines of one comment's text
MIN_MARKED = 2  # author lines sharing a bullet that make every item of that bullet a comment

# A time stamp: a date (2012-01-04, 05.11.18, 3 March 2012, March 3, 2012, 2012年1月4日) and/or a
# clock time (08:45, 5:12 pm).
_STAMP = regex.compile(
    r"(?:(?<![\d+])\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"|(?<![\d+])\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2,4}(?!\d)"
    r"|\d{1,2}\.?\s+\p{L}{3,12}\.?,?\s+\d{4}"
    r"|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4}"
    r"|(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?![\d:]))",
    regex.IGNORECASE,
)
_DIGIT = regex.compile(r"\d")
_IDEOGRAPH = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_LETTER = regex.compile(r"\p{L}")
_MERIDIEM = regex.compile(r"[ap]\.?m\.?", regex.IGNORECASE)
_SENTENCE_END = regex.compile(rf"[.!?…{SCRIPT_FULL_STOPS}]\s*$")
# Leading bullets and markers of a comment list ("+ ", "~", "* ", "|| "): kept apart as the marker.
_MARKER = regex.compile(r"^\s*(?P<marker>(?:[+~*•·▪►◦‣∙■□>»\-–—]|\|\|)?)\s*")
# What is left of an author line without its stamp: brackets, separators, "on"/"at" joiners.
_FILLER = regex.compile(r"[\[\](){}|·•,:;@/\\\-–—#]+|\b(?:on|at|um|am|le|à|в|o)\b", regex.IGNORECASE)
_COUNTER = regex.compile(r"^[\s\d\p{P}\p{S}]*$")  # "0", "+5 [7]", "(3)": vote and reply counters
_COUNT = regex.compile(r"[\d()\[\]（）]+")  # "12 comments", "Комментарии (3)": the count aside
_INITIAL_END = regex.compile(r"(?:^|\s)\p{Lu}\.$")  # "Marta K.": an initial, not a sentence's end
_NAME_LINE = regex.compile(r"^[^\s:：]+(?:\s+[^\s:：]+){0,3}\s*[:：]?$")


@dataclass(slots=True)
class _Signature:
    first: int  # the author line
    last: int  # the last line of the signature (the stamp line of a two-line signature)
    author: str | None
    stamp: str | None
    marker: str
    signs_itself: bool = False  # an item with no author line: the line is the comment's first text


class CommentSegmenter:
    name = "comments"

    def __call__(self, doc: Doc) -> None:
        lex = _lexicon(doc.lang)
        body_above = 0
        i = 0
        while i < len(doc):
            if doc.labels[i] is Label.BODY:
                body_above += _weight(doc.lines[i].strip())
            if body_above >= MIN_BODY_ABOVE and _opens(doc, i, lex):
                i = _zone(doc, i, lex)
            elif body_above >= MIN_BODY_ABOVE and _said_line(doc, i, lex):
                i = _zone(doc, i - 1, lex, headed=False)  # "瑞雪对…的评论:" names itself a comment
            i += 1


def _weight(text: str) -> int:
    return len(text) + (IDEOGRAPH_WEIGHT - 1) * len(_IDEOGRAPH.findall(text))


def _lexicon(lang: str | None) -> lexicon.Lexicon:
    return lexicon.load("comments", tuple(dict.fromkeys((lang or "en", "en"))))


def _opens(doc: Doc, i: int, lex: lexicon.Lexicon) -> bool:
    """A comments header: a comment cue of the boilerplate step, or a header phrase (a count word
    only with its count)."""
    if doc.labels[i] is Label.BLANK:
        return False
    if doc.rules[i] == "boilerplate.cue.comment":
        return True
    cue = lex.match(_COUNT.sub(" ", doc.keys[i]).strip())
    if cue is None or cue.mode == "contains":
        return False
    return cue.category == "header" or (cue.category == "counted" and bool(_DIGIT.search(doc.lines[i])))


def _said_line(doc: Doc, i: int, lex: lexicon.Lexicon) -> bool:
    line = doc.lines[i]
    if not line.rstrip().endswith((":", "：")) or len(line.split()) > MAX_SIGNATURE_WORDS:
        return False
    return _said(doc, i, _split_marker(line)[1], lex) is not None


def _zone(doc: Doc, opener: int, lex: lexicon.Lexicon, headed: bool = True) -> int:
    """Find and label the comments below `opener` (a header, or the line above the first author
    line when there is none); returns the last line the zone looked at."""
    signatures: list[_Signature] = []
    anchor, i = opener, opener + 1
    while i < len(doc) and i - anchor <= MAX_GAP:
        if doc.labels[i] in (Label.BOILERPLATE, Label.BODY):
            found = _signature(doc, i, lex)
            if found is not None:
                signatures.append(found)
                anchor = i = found.last
            elif _opens(doc, i, lex):
                anchor = i
        i += 1
    said = sum(1 for s in signatures if s.stamp is None)
    if not signatures or not _reader_comments(doc, signatures, lex) or (not headed and said < MIN_MARKED):
        return opener
    if headed and doc.labels[opener] is Label.BODY:
        doc.set(opener, Label.BOILERPLATE, "comments.header", 0.8)  # "2 comments" is no body text
    signatures = _with_items(doc, opener, anchor, signatures, lex)
    footer = _signs_above(doc, signatures, lex)
    starts = {s.first for s in signatures}
    for k, sig in enumerate(signatures):
        limit = signatures[k - 1].last if footer and k else (opener if footer else None)
        text = _text_lines(doc, sig, starts, lex, footer, limit)
        _label(doc, sig, text)
    return anchor


def _reader_comments(doc: Doc, signatures: list[_Signature], lex: lexicon.Lexicon) -> bool:
    """Author/time lines under a header are also what teaser lists print ("Jane Roe 04.12.2023 5 min"
    over the next headline); readers' comments come with controls (reply, report, votes) or with
    "said" phrases: at least one for every two author lines."""
    said = sum(1 for s in signatures if s.stamp is None)
    lo, hi = signatures[0].first, min(len(doc), signatures[-1].last + MAX_TEXT_LINES)
    controls = sum(1 for j in range(lo, hi) if _control(doc, j, lex))
    return 2 * (said + controls) >= len(signatures)


def _control(doc: Doc, j: int, lex: lexicon.Lexicon) -> bool:
    if doc.labels[j] is Label.BLANK or len(doc.lines[j].split()) > MAX_CONTROL_WORDS:
        return False
    if doc.rules[j] == "boilerplate.cue.comment":
        return True
    cue = lex.match(doc.keys[j])
    return cue is not None and cue.category == "control"


def _signature(doc: Doc, i: int, lex: lexicon.Lexicon) -> _Signature | None:
    """An author line at `i`, of one of the three shapes, else None."""
    line = doc.lines[i]
    if len(line.split()) > MAX_SIGNATURE_WORDS or _stop(doc, i, lex):
        return None
    marker, rest = _split_marker(line)
    said = _said(doc, i, rest, lex)
    if said is not None:
        return _Signature(i, i, said, None, marker)
    stamp = _STAMP.search(rest)
    if stamp is not None:
        name = _name(rest[: stamp.start()]) or _name(_STAMP.sub(" ", rest[stamp.end() :]))
        if name is not None and _quiet(rest[stamp.end() :]) and _is_name(name):
            return _Signature(i, i, name, rest[stamp.start() :].strip(" )]"), marker)
        return None
    if _relative(doc, i, lex):
        name = _name(regex.split(r"[(\[|·•]|\d", rest, maxsplit=1)[0])
        if name is not None and _is_name(name):
            return _Signature(i, i, name, rest[len(name) :].strip(" ()[]|·•"), marker)
        return None
    below = i + 1
    if _NAME_LINE.match(rest) and below < len(doc) and _stamp_only(doc.lines[below]):
        return _Signature(i, below, rest.rstrip(":： "), doc.lines[below].strip(), marker)
    return None


def _split_marker(line: str) -> tuple[str, str]:
    found = _MARKER.match(line)
    return found["marker"], line[found.end() :].strip()  # type: ignore[index]


def _said(doc: Doc, i: int, rest: str, lex: lexicon.Lexicon) -> str | None:
    """`Jane wrote:`, `瑞雪对…的评论:`: the author is the text before the phrase (or before the
    language's author-ending word)."""
    if not rest.endswith((":", "：")):
        return None
    cue = lex.match(doc.keys[i])
    if cue is None or cue.category != "said":
        return None
    head = rest.lower().split(cue.phrase.rstrip(":： "), 1)[0]
    for word in _author_ends(doc.lang):
        head = head.split(word, 1)[0]
    name = _name(rest[: len(head)])
    return name if name is not None and _is_name(name) else None


@lru_cache(maxsize=64)
def _author_ends(lang: str | None) -> tuple[str, ...]:
    return tuple(lexicon.read_entries("comments", lang or "").get("author", {}).get("before", ()))


def _name(text: str) -> str | None:
    """The author in what is left of an author line: a word with a letter, not a clock's "pm"."""
    name = " ".join(_FILLER.sub(" ", text).strip(" ~+*'\"").split())
    return name if _LETTER.search(name) and not _MERIDIEM.fullmatch(name) else None


def _is_name(name: str) -> bool:
    ends_sentence = _SENTENCE_END.search(name) and not _INITIAL_END.search(name)
    return len(name.split()) <= MAX_NAME_WORDS and not ends_sentence


def _quiet(after: str) -> bool:
    """What follows the stamp on an author line: another stamp part, a bracket, a short word or two."""
    return len(_FILLER.sub(" ", _STAMP.sub(" ", after)).split()) <= 2


def _relative(doc: Doc, i: int, lex: lexicon.Lexicon) -> bool:
    """`6 days ago`, `вчера`: a relative time word, with a number or on a very short line."""
    cue = lex.match(doc.keys[i])
    return cue is not None and cue.category == "ago" and bool(_DIGIT.search(doc.lines[i]))


def _stamp_only(line: str) -> bool:
    stamp = _STAMP.search(line)
    return stamp is not None and not _FILLER.sub(" ", _STAMP.sub(" ", line)).strip()


def _stop(doc: Doc, j: int, lex: lexicon.Lexicon) -> bool:
    """A line no comment text runs over: widget controls and counters, headers, cues, other labels."""
    if doc.labels[j] not in (Label.BOILERPLATE, Label.BODY):
        return doc.labels[j] is not Label.BLANK
    if doc.rules[j].startswith("boilerplate.cue.") or _COUNTER.match(doc.lines[j]):
        return True
    cue = lex.match(_COUNT.sub(" ", doc.keys[j]).strip())
    if cue is None:
        return False
    if cue.category == "widget":
        return True
    short = len(doc.lines[j].split()) <= MAX_CONTROL_WORDS
    return cue.category in ("control", "header") and (cue.mode == "line" or short)


def _with_items(
    doc: Doc, opener: int, last: int, signatures: list[_Signature], lex: lexicon.Lexicon
) -> list[_Signature]:
    """Every item of a list whose bullet at least MIN_MARKED author lines carry is a comment."""
    markers = [s.marker for s in signatures if s.marker]
    bullet = max(set(markers), key=markers.count) if markers else ""
    if not bullet or markers.count(bullet) < MIN_MARKED:
        return signatures
    starts = {s.first for s in signatures}
    items = list(signatures)
    for i in range(opener + 1, last + MAX_TEXT_LINES):
        if i >= len(doc) or i in starts or doc.labels[i] not in (Label.BOILERPLATE, Label.BODY):
            continue
        marker, rest = _split_marker(doc.lines[i])
        if marker != bullet or _stop(doc, i, lex):
            continue
        if _NAME_LINE.match(rest) and rest.endswith((":", "：")):
            items.append(_Signature(i, i, rest.rstrip(":： "), None, marker))
        else:
            items.append(_Signature(i, i, None, None, marker, signs_itself=True))
    return sorted(items, key=lambda s: s.first)


def _signs_above(doc: Doc, signatures: list[_Signature], lex: lexicon.Lexicon) -> bool:
    """Whether the page prints each signature under its comment: after most of them comes a control."""
    votes = 0
    for sig in signatures:
        below = _next_content(doc, sig.last)
        votes += 1 if below is None or _stop(doc, below, lex) else -1
    return votes > 0


def _next_content(doc: Doc, i: int) -> int | None:
    return next((j for j in range(i + 1, len(doc)) if doc.labels[j] is not Label.BLANK), None)


def _text_lines(
    doc: Doc, sig: _Signature, starts: set[int], lex: lexicon.Lexicon, above: bool, limit: int | None
) -> list[int]:
    """The comment's text: content lines next to its signature up to a stop, another author line,
    two blank lines in a row or MAX_TEXT_LINES."""
    step = -1 if above else 1
    j = sig.first - 1 if above else sig.last + 1
    end = -1 if limit is None or not above else limit
    lines: list[int] = [sig.first] if sig.signs_itself else []
    blanks = 0
    while 0 <= j < len(doc) and j != end and len(lines) < MAX_TEXT_LINES:
        if doc.labels[j] is Label.BLANK:
            blanks += 1
            if blanks >= 2:
                break
        elif j in starts or _stop(doc, j, lex):
            break
        else:
            blanks = 0
            lines.append(j)
        j += step
    return sorted(lines)


def _label(doc: Doc, sig: _Signature, text: list[int]) -> None:
    own = [] if sig.signs_itself else list(range(sig.first, sig.last + 1))
    for i in own:
        doc.set(i, Label.COMMENT, "comments.author", 0.8)
    for i in text:
        doc.set(i, Label.COMMENT, "comments.text", 0.75)
    body = [doc.lines[i].strip() for i in text]
    date = parse_date(sig.stamp, doc.lang) if sig.stamp else None
    doc.comments.append(
        Comment(
            author=sig.author,
            date=date or sig.stamp,
            text="\n".join(body),
            line=sig.first,
            first=min([*own, *text]),
            last=max([*own, *text]),
        )
    )
