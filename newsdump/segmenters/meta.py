"""What boilerplate tells about its article, as structured fields: source, tags, author, date."""

from __future__ import annotations

import regex

from ..document import Doc
from ..model import Label

_AFTER_LABEL = regex.compile(r"^[^:：]{1,30}[:：]\s*(?P<value>.+)$")
_TAG_SPLIT = regex.compile(r"\s*[,،;|#]\s*")


class MetaExtractor:
    name = "meta"

    def __call__(self, doc: Doc) -> None:
        for i, label in enumerate(doc.labels):
            if label is not Label.BOILERPLATE or doc.kinds[i] not in ("source", "tags", "byline"):
                continue
            article = doc.articles[i] if doc.articles[i] is not None else 0
            meta = doc.meta.setdefault(article, {})
            value = _value(doc.lines[i])
            if not value:
                continue
            if doc.kinds[i] == "source":
                meta.setdefault("source", value)
            elif doc.kinds[i] == "tags":
                meta.setdefault("tags", [t for t in _TAG_SPLIT.split(value) if t])
            elif doc.kinds[i] == "byline":
                meta.setdefault("byline", value)


def _value(line: str) -> str:
    text = line.strip()
    found = _AFTER_LABEL.match(text)
    return (found["value"] if found else text).strip()
