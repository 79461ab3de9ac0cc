"""Embedded third-party content: tweets, tweet and Instagram cards, video players.

Four shapes an extractor leaves of an embed, each labeled EMBED and listed in `doc.embeds`:

- a tweet's `— Name (@handle) Date` signature with the tweet text above it, or flattened into one
  line (`text pic.twitter.com/x— Name (@handle) Date`);
- a card: a display name (or a photo placeholder such as `Фото`) on the line above a bare `@handle`
  line, and the post text on the line below;
- an Instagram post: its `A post shared by Name (@handle) on Mar 3, 2024` line, with the caption
  and the `View this post on Instagram` header above it (both phrases per language, in
  `lexicons/embeds`), or a header alone;
- a video player: a player header (`Reproduciendo: …`, per-language cues in `lexicons/embeds`)
  followed by a `m:ss` duration line.
"""

from __future__ import annotations

from datetime import datetime

import regex

from .. import lexicon
from ..document import Doc
from ..model import Embed, Label
from ..normalize import SCRIPT_FULL_STOPS, for_matching

# "— CCTV (@CCTV) December 31, 2024", also "&mdash;" and "- " as extractors render the dash.
_SIGNATURE = regex.compile(
    r"(?:—|&mdash;|–|-{1,2})\s*(?P<author>[^()\n]{1,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>[^()\n]{3,40}?)\s*$"
)
_URL = regex.compile(r"(?:https?://|pic\.twitter\.com/)\S+?(?=https?://|pic\.twitter\.com/|—|\s|$)")
_HANDLE_LINE = regex.compile(r"^\s*@(?P<handle>\w{1,30})\s*$")
# "… Maria Lopez (@maria.lopez) on Mar 3, 2024 at 9:15am PST": Instagram handles may hold dots.
# Languages that put the phrase last write "Maria Lopez(@maria.lopez)がシェアした投稿": name first.
_SHARED_BY = regex.compile(
    r"(?P<author>[^()\n]{1,80}?)\s*\(@(?P<handle>[\w.]{1,30})\)(?:\s*\S{1,4}\s+(?P<date>[^()\n]{3,40}?))?"
    r"(?:\s+\S{1,4}\s+\d{1,2}:\d{2}\s*\S*\s*\S*)?\s*$"
)
_NAME_FIRST = regex.compile(r"^\s*(?P<author>[^()（）\n]{1,80}?)\s*[(（]@(?P<handle>[\w.]{1,30})[)）]")
_DURATION = regex.compile(
    r"^\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)  # 1:45, 0:00 / 1:45
_SENTENCE_END = regex.compile(rf"[.!?{SCRIPT_FULL_STOPS}]\s*$")
_LOCAL_DATE = regex.compile(r"\d{1,2}\.?\s+\p{L}{3,12}\.?,?\s+\d{4}|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4}")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y-%m-%d")
_CREDIT = regex.compile(r"^[^:：]{1,30}[:：]\s*\S|©")
_BLOCKQUOTE = regex.compile(r"^\s*(?:>\s?)+")
MAX_PLAYER_LINES = 6  # non-blank lines from a player header down to its duration (thumbnail, icon, caption)
MAX_CAPTION_WORDS = 30  # a line of a player block is a title or caption, not a paragraph
MAX_NAME_WORDS = 6  # a card's display name line: a short name, not a sentence
MAX_TWEET_LINES = 6  # lines of tweet text looked at above a signature


class EmbedSegmenter:
    name = "embed"

    def __call__(self, doc: Doc) -> None:
        cues = lexicon.load("embeds", (doc.lang,) if doc.lang else ())
        for i in doc.content_lines():
            if doc.labels[i] is Label.EMBED:
                continue
            embed = _tweet(doc, i) or _instagram(doc, i, cues) or _card(doc, i, cues) or _player(doc, i, cues)
            if embed is None:
                continue
            for j in range(embed.first, embed.last + 1):
                if doc.labels[j] is not Label.BLANK:
                    doc.set(j, Label.EMBED, f"embed.{embed.kind}", 0.95)
            doc.embeds.append(embed)


def _tweet(doc: Doc, i: int) -> Embed | None:
    found = _SIGNATURE.search(doc.lines[i])
    date = _parse_date(found["date"], doc.lang) if found else None
    if not found or not date:
        return None
    inline_text = _unquoted(doc.lines[i][: found.start()])
    if inline_text:  # the flattened one-line form: "text pic.twitter.com/x— Name (@h) Date"
        first, text = i, inline_text
    else:
        first = _blockquote_above(doc, i) if _BLOCKQUOTE.match(doc.lines[i]) else _text_above(doc, i)
        text = " ".join(_unquoted(doc.lines[j]) for j in range(first, i) if _unquoted(doc.lines[j]))
    return Embed(
        kind="tweet",
        text=text,
        first=first,
        last=i,
        author=found["author"].strip(),
        handle=found["handle"],
        date=date,
        urls=_URL.findall(text),
    )


def _instagram(doc: Doc, i: int, cues: lexicon.Lexicon) -> Embed | None:
    """`View this post on Instagram` / caption / `A post shared by Name (@handle) on Date`, met at
    the header (a post whose signature line the extractor dropped is the header alone) or at the
    signature line."""
    cue = _instagram_cue(doc, i, cues)
    if cue is None:
        return None
    if cue.mode == "line":  # the header: its post runs to the signature, if one follows soon
        below = [
            j
            for j in range(i + 1, min(i + 1 + MAX_TWEET_LINES, len(doc)))
            if _instagram_mode(doc, j, cues) not in (None, "line")
        ]
        post = _instagram(doc, below[0], cues) if below else None
        return post or Embed(kind="instagram", text="", first=i, last=i)
    found = (_SHARED_BY if cue.mode == "prefix" else _NAME_FIRST).search(doc.lines[i])
    if found is None:  # `A post shared by the ministry said …`: prose, no signature
        return None
    above = [j for j in range(max(0, i - MAX_TWEET_LINES), i) if _instagram_mode(doc, j, cues) == "line"]
    first = above[-1] if above else i
    caption = " ".join(
        doc.lines[j].strip() for j in range(first + 1 if above else i, i) if doc.lines[j].strip()
    )
    return Embed(
        kind="instagram",
        text=caption,
        first=first,
        last=i,
        author=_without_phrase(found["author"], cue.phrase),
        handle=found["handle"],
        date=_parse_date(found["date"], doc.lang) if found.groupdict().get("date") else None,
        urls=_URL.findall(caption),
    )


def _without_phrase(author: str, phrase: str) -> str | None:
    """`A post shared by Maria Lopez` -> `Maria Lopez` (the cue phrase is normalized: count words)."""
    words = author.split()
    if for_matching(" ".join(words[: len(phrase.split())])) == phrase:
        words = words[len(phrase.split()) :]
    return " ".join(words).strip(" :") or None


def _instagram_cue(doc: Doc, j: int, cues: lexicon.Lexicon) -> lexicon.Cue | None:
    cue = cues.match(doc.keys[j])
    return cue if cue is not None and cue.category == "instagram" else None


def _instagram_mode(doc: Doc, j: int, cues: lexicon.Lexicon) -> str | None:
    """`line`: a post's header; `prefix` or `contains`: its signature; None: neither."""
    cue = _instagram_cue(doc, j, cues)
    return cue.mode if cue is not None else None


def _card(doc: Doc, i: int, cues: lexicon.Lexicon) -> Embed | None:
    """`Name` / `@handle` / `text`: the card a tweet or Instagram embed leaves without its signature."""
    found = _HANDLE_LINE.match(doc.lines[i])
    above = i - 1
    if not found or above < 0 or not _is_name(doc, above):
        return None
    cue = cues.match(doc.keys[above])
    photo = cue is not None and cue.category == "photo"
    below = i + 1
    has_text = (
        below < len(doc) and doc.labels[below] is not Label.BLANK and not _HANDLE_LINE.match(doc.lines[below])
    )
    text = doc.lines[below].strip() if has_text else ""
    return Embed(
        kind="instagram" if photo else "tweet",
        text=text,
        first=above,
        last=below if has_text else i,
        author=None if photo else doc.lines[above].strip(),
        handle=found["handle"],
        urls=_URL.findall(text),
    )


def _is_name(doc: Doc, j: int) -> bool:
    line = doc.lines[j].strip()
    return (
        doc.labels[j] is not Label.BLANK
        and len(line.split()) <= MAX_NAME_WORDS
        and not _SENTENCE_END.search(line)
        and not _DURATION.match(line)
    )


def _player(doc: Doc, i: int, cues: lexicon.Lexicon) -> Embed | None:
    """A player header line and its block: thumbnail, play icon and caption lines down to the
    duration line, and a short credit line under it (`Video: Harbour TV`)."""
    cue = cues.match(doc.keys[i])
    if cue is None or cue.category != "player" or cue.mode == "contains":
        return None
    block = [j for j in range(i + 1, min(i + 1 + 4 * MAX_PLAYER_LINES, len(doc))) if doc.lines[j].strip()]
    duration = next((j for j in block[:MAX_PLAYER_LINES] if _DURATION.match(doc.lines[j])), None)
    if duration is None or any(_words(doc.lines[j]) > MAX_CAPTION_WORDS for j in block if j < duration):
        return Embed(
            kind="video", text=doc.lines[i].strip(), first=i, last=i, urls=_URL.findall(doc.lines[i])
        )
    credit = next((j for j in block if j > duration), None)
    last = credit if credit is not None and _is_credit(doc, credit) else duration
    return Embed(kind="video", text=doc.lines[i].strip(), first=i, last=last, urls=_URL.findall(doc.lines[i]))


def _is_credit(doc: Doc, j: int) -> bool:
    """`Video: Harbour TV`, `© Reuters`: a short labeled line, not a crosshead of the article going on."""
    line = doc.lines[j].strip()
    return (
        _CREDIT.search(line) is not None and _words(line) <= MAX_NAME_WORDS and not _SENTENCE_END.search(line)
    )


def _words(line: str) -> int:
    return len(line.split())


def _unquoted(line: str) -> str:
    """The line without its markdown blockquote marks (`> text`, `>`)."""
    return _BLOCKQUOTE.sub("", line).strip()


def _blockquote_above(doc: Doc, signature: int) -> int:
    """A tweet a markdown extractor set as a blockquote: every `>` line right above its signature."""
    first = signature
    while (
        first - 1 >= 0 and _BLOCKQUOTE.match(doc.lines[first - 1]) and signature - first < 2 * MAX_TWEET_LINES
    ):
        first -= 1
    return first


def _text_above(doc: Doc, signature: int) -> int:
    """The tweet's text: the block of lines just above the signature (one blank line may separate)."""
    j = signature - 1
    while j >= 0 and doc.labels[j] is Label.BLANK and signature - j <= 2:
        j -= 1
    if j < 0 or doc.labels[j] is Label.BLANK:
        return signature
    first = j
    while first - 1 >= 0 and doc.labels[first - 1] is not Label.BLANK and signature - first < MAX_TWEET_LINES:
        first -= 1
    return first


def _parse_date(text: str, lang: str | None = None) -> str | None:
    """The signature's date: English formats first, then the page's own month names
    (`20 novembre 2019`, `31 декабря 2024`) through dateparser, loaded only for such a line."""
    text = text.strip().rstrip(".")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if not _LOCAL_DATE.fullmatch(text):
        return None
    import dateparser  # slow to import: only for a signature with a date in another language

    settings = {"RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True}
    try:
        parsed = dateparser.parse(text, languages=[lang] if lang else None, settings=settings)
    except (ValueError, OverflowError, LookupError):
        parsed = dateparser.parse(text, settings=settings)
    return parsed.date().isoformat() if parsed else None
