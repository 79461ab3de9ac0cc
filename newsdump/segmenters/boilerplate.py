"""Body or boilerplate, line by line: cue lexicons first, then line shape, then context.

Like jusText: classify each line on its own (cue, length, punctuation, links), then revise the
uncertain short lines from their neighbours: a short line inside a run of prose is a crosshead,
a run of short lines is a menu.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import lexicon
from ..document import Doc
from ..features import line_features
from ..model import Label

GOOD, SHORT, BAD = "good", "short", "bad"


@dataclass(frozen=True, slots=True)
class Thresholds:
    min_words_good: int = 10  # a line with terminal punctuation and this many words is prose
    min_words_any: int = 20  # this many words is prose even without terminal punctuation
    max_words_short: int = 9  # shorter lines are decided by their neighbours
    max_url_share: float = 0.3
    max_distance: int = 3  # how many lines away a short line looks for prose on both sides


class BoilerplateSegmenter:
    name = "boilerplate"

    def __init__(self, thresholds: Thresholds | None = None) -> None:
        self.t = thresholds or Thresholds()

    def __call__(self, doc: Doc) -> None:
        cues = lexicon.load("cues", (doc.lang or "",) if doc.lang != "en" else ())
        classes: dict[int, str] = {}
        for i in doc.content_lines():
            if doc.labels[i] is not Label.BODY:  # already decided by an earlier segmenter
                continue
            cue = cues.match(doc.keys[i])
            features = line_features(doc.lines[i])
            if doc.features is not None:
                doc.features.append({"line": i + 1, **features.as_dict()})
            if cue is not None and (cue.mode != "contains" or features.words < 40):
                doc.set(i, Label.BOILERPLATE, f"boilerplate.cue.{cue.category}", 0.9, kind=cue.category)
                continue
            if features.url_share > self.t.max_url_share:
                doc.set(i, Label.BOILERPLATE, "boilerplate.links", 0.8, kind="other")
                continue
            good = features.words >= self.t.min_words_any or (
                features.words >= self.t.min_words_good and features.terminal
            )
            classes[i] = GOOD if good else (SHORT if features.words <= self.t.max_words_short else BAD)
        self._revise(doc, classes)

    def _revise(self, doc: Doc, classes: dict[int, str]) -> None:
        order = sorted(classes)
        for pos, i in enumerate(order):
            cls = classes[i]
            if cls == GOOD:
                doc.set(i, Label.BODY, "boilerplate.prose", 0.8)
            elif cls == SHORT and self._between_prose(order, pos, classes):
                doc.set(i, Label.BODY, "boilerplate.context", 0.55)
            else:
                doc.set(i, Label.BOILERPLATE, f"boilerplate.{cls}", 0.6, kind="other")

    def _between_prose(self, order: list[int], pos: int, classes: dict[int, str]) -> bool:
        before = [classes[j] for j in order[max(0, pos - self.t.max_distance) : pos]]
        after = [classes[j] for j in order[pos + 1 : pos + 1 + self.t.max_distance]]
        return bool(before and after and before[-1] == GOOD and GOOD in after[:1])
