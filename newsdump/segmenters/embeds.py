"""Embedded tweets: the `— Name (@handle) Date` signature line and the tweet text above it."""

from __future__ import annotations

from datetime import datetime

import regex

from ..document import Doc
from ..model import Embed, Label

# "— CCTV (@CCTV) December 31, 2024", also "&mdash;" and "- " as extractors render the dash.
_SIGNATURE = regex.compile(
    r"(?:—|&mdash;|–|-{1,2})\s*(?P<author>[^()\n]{1,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>[^()\n]{3,40}?)\s*$"
)
_URL = regex.compile(r"(?:https?://|pic\.twitter\.com/)\S+?(?=https?://|pic\.twitter\.com/|—|\s|$)")
_TWEET_URL = regex.compile(r"pic\.twitter\.com/|t\.co/|twitter\.com/|x\.com/")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")


class EmbedSegmenter:
    name = "embed"

    def __call__(self, doc: Doc) -> None:
        for i in doc.content_lines():
            found = _SIGNATURE.search(doc.lines[i])
            if not found or not _parse_date(found["date"]):
                continue
            inline_text = doc.lines[i][: found.start()].strip()
            if inline_text:  # the flattened one-line form: "text pic.twitter.com/x— Name (@h) Date"
                first, text = i, inline_text
            else:
                first = _text_above(doc, i)
                text = " ".join(doc.lines[j].strip() for j in range(first, i) if doc.lines[j].strip())
            for j in range(first, i + 1):
                if doc.labels[j] is not Label.BLANK:
                    doc.set(j, Label.EMBED, "embed.tweet", 0.95)
            doc.embeds.append(
                Embed(
                    kind="tweet",
                    text=text,
                    first=first,
                    last=i,
                    author=found["author"].strip(),
                    handle=found["handle"],
                    date=_parse_date(found["date"]),
                    urls=_URL.findall(text),
                )
            )


def _text_above(doc: Doc, signature: int) -> int:
    """The tweet's text: the block of lines just above the signature (one blank line may separate)."""
    j = signature - 1
    while j >= 0 and doc.labels[j] is Label.BLANK and signature - j <= 2:
        j -= 1
    if j < 0 or doc.labels[j] is Label.BLANK:
        return signature
    first = j
    while first - 1 >= 0 and doc.labels[first - 1] is not Label.BLANK and signature - first < 6:
        first -= 1
    return first


def _parse_date(text: str) -> str | None:
    text = text.strip().rstrip(".")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None
