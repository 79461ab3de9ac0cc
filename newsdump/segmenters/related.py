"""Related-link lists: a header cue ("Read also", "مقالات مشابهة") followed by headline-like lines.

A header followed by a headline and then prose is a second article, not a list: the article
segmenter decides that, so here a list stops at the first line that reads as prose.
"""

from __future__ import annotations

from .. import lexicon
from ..document import Doc
from ..features import line_features
from ..model import Label

HEADER_CATEGORIES = frozenset({"read_more"})
SITE_WIDE_CATEGORIES = frozenset({"most_read"})


class RelatedSegmenter:
    name = "related"
    max_words = 30  # a headline is rarely longer

    def __call__(self, doc: Doc) -> None:
        cues = lexicon.load("related", (doc.lang or "", "en"))
        for i in doc.content_lines():
            cue = cues.match(doc.keys[i]) if doc.labels[i] in (Label.BOILERPLATE, Label.BODY) else None
            if cue is None or cue.category not in HEADER_CATEGORIES | SITE_WIDE_CATEGORIES:
                continue
            items = self._items_after(doc, i)
            if len(items) < 1 or self._introduces_article(doc, items):
                continue
            doc.set(i, Label.BOILERPLATE, f"related.header.{cue.category}", 0.85, kind="read_more")
            for j in items:
                if cue.category in SITE_WIDE_CATEGORIES:
                    doc.set(j, Label.BOILERPLATE, "related.site_wide", 0.7, kind="navigation")
                else:
                    doc.set(j, Label.RELATED, "related.list", 0.8)

    def _items_after(self, doc: Doc, header: int) -> list[int]:
        items: list[int] = []
        blanks = 0
        for j in range(header + 1, len(doc)):
            if doc.labels[j] is Label.BLANK:
                blanks += 1
                if blanks > 2:
                    break
                continue
            blanks = 0
            features = line_features(doc.lines[j])
            if doc.labels[j] in (Label.EMBED, Label.BODY) or not 2 <= features.words <= self.max_words:
                break  # prose or an embed ends the list
            if doc.labels[j] is Label.BOILERPLATE and doc.kinds[j] not in ("other", None):
                break
            items.append(j)
        return items

    @staticmethod
    def _introduces_article(doc: Doc, items: list[int]) -> bool:
        """A headline followed by prose lines: the header introduces an article."""
        last = items[-1]
        after = [j for j in range(last + 1, min(len(doc), last + 8)) if doc.labels[j] is not Label.BLANK]
        return len(items) <= 2 and sum(doc.labels[j] is Label.BODY for j in after[:3]) >= 2
