"""The segmenter pipeline: a list of named steps run in order over one dump's `Doc`.

A segmenter is any object with a `name` and a `__call__(doc) -> None` that writes labels, rules,
articles, quotes or embeds into the doc. Its name (or a more specific rule name starting with it)
is what the record's `diagnostics.segments[].rule` shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .assemble import assemble_records
from .document import Doc
from .langid import identify
from .model import Dump, Label

if TYPE_CHECKING:
    from .repeats import RepeatedLines


class Segmenter(Protocol):
    name: str

    def __call__(self, doc: Doc) -> None: ...


def default_segmenters(options: PipelineOptions | None = None) -> list[Segmenter]:
    """The standard pipeline, in the order each step needs the one before it."""
    from .segmenters.articles import ArticleSegmenter
    from .segmenters.boilerplate import BoilerplateSegmenter, load_model
    from .segmenters.comments import CommentSegmenter
    from .segmenters.embeds import EmbedSegmenter
    from .segmenters.meta import MetaExtractor
    from .segmenters.quotes import QuoteSegmenter
    from .segmenters.related import RelatedSegmenter

    return [
        EmbedSegmenter(),
        BoilerplateSegmenter(
            model=load_model(options.model) if options and options.model else None,
            repeated=options.repeated if options else None,
        ),
        CommentSegmenter(),
        RelatedSegmenter(),
        ArticleSegmenter(),
        QuoteSegmenter(),
        MetaExtractor(),
    ]


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    lang: str | None = None  # force a language instead of detecting it
    max_line_chars: int = 100_000
    keep_features: bool = False
    repeated: RepeatedLines | None = None  # lines the batch repeats across dumps (repeats.py)
    model: str | None = None  # a body/boilerplate model file instead of the shipped one


class Pipeline:
    """Turn dumps into records. Stateless between dumps, so one instance serves a whole run."""

    def __init__(
        self, segmenters: Iterable[Segmenter] | None = None, options: PipelineOptions | None = None
    ) -> None:
        self.options = options or PipelineOptions()
        self.segmenters = list(segmenters) if segmenters is not None else default_segmenters(self.options)

    def label(self, dump: Dump) -> Doc:
        """Run every segmenter over `dump` and return the labeled doc (for inspection and eval)."""
        doc = Doc.from_dump(dump, self.options.max_line_chars)
        if self.options.keep_features:
            doc.features = []
        content = [doc.lines[i] for i, label in enumerate(doc.labels) if label is not Label.BLANK]
        if self.options.lang:
            doc.lang = self.options.lang
        else:
            guess = identify(content)
            doc.lang = guess.lang
            if guess.problem:
                doc.warnings.append(f"language not identified: {guess.problem}; lang is null")
        for segmenter in self.segmenters:
            segmenter(doc)
        return doc

    def __call__(self, dump: Dump) -> list[dict[str, Any]]:
        records = assemble_records(self.label(dump))
        if self.options.lang:  # the user's word holds for every article, not only for the segmenters
            for record in records:
                record["lang"] = self.options.lang
        return records


def convert_dumps(dumps: Iterable[Dump], pipeline: Pipeline | None = None) -> Iterable[dict[str, Any]]:
    pipeline = pipeline or Pipeline()
    for dump in dumps:
        yield from pipeline(dump)
