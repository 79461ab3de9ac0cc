"""Body or boilerplate, unit by unit: cue lexicons first, then a small learned model with context.

A unit is a line, or the lines of one paragraph a text browser hard-wrapped (paragraphs.py).
Like jusText, in two passes: boosted decision trees score each unit from its own shape (length,
stopword density, punctuation, links, bullets) and its surroundings (neighbours, distance to the
nearest prose, place in the dump); a logistic layer then revises every unit from its neighbours'
first-pass log-odds, so a short crosshead inside prose stays body and a run of short lines is a
menu. The trees and weights are data (`newsdump/data/boilerplate.json`), trained on the dev body
set by `scripts/train_lines.py`; the trees run in the compiled engine (trees.py). Rules frame the model: lines the batch repeats across many dumps are
boilerplate (repeats.py, when a table is given), prose after a comments header that ends the
article is comments, and a page where no unit passes keeps its likeliest prose run (a short story
lost in a big page).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex

from .. import lexicon
from ..document import Doc
from ..features import (
    FEATURE_NAMES,
    STACK_NAMES,
    LineFeatures,
    is_prose,
    line_features,
    line_vectors,
    stack_vectors,
    stopwords,
)
from ..model import Label
from ..paragraphs import paragraph_units, unit_text
from ..repeats import RepeatedLines, line_hash
from ..trees import compile_trees
from .meta import looks_like_date

# Cues only count on lines short enough to be what they name: "By the time ..." is prose.
MAX_CUE_WORDS = {"line": 1000, "prefix": 20, "contains": 40}
MAX_BYLINE_PREFIX_WORDS = 8  # "By Jane Doe and John Roe, Reuters"
MAX_CAPTION_WORDS = 40  # "Clockwise from top: ...; ...; ..." describes every picture of a gallery
MAX_SENTENCE_CUE_WORDS = 8  # longer lines that end like a sentence are prose, whatever they start with
# A short dump (a scraped article, a snippet) has no page chrome for the model to weigh prose against:
# there, every sentence-like line is body. Measured on dev: 0.891 -> 0.894 macro F1 (in-sample).
SNIPPET_LINES = 40
SNIPPET_PROSE_WORDS = 12
SNIPPET_MIN_STOP_SHARE = 0.15
# When no unit passes the threshold, the most likely prose unit is kept if this likely, with the prose
# units near it (at most RESCUE_GAP others between) at least RESCUE_SHARE as likely as it. A news
# page has an article: CV 0.928 -> 0.929 against 0.1 (the one dev page left with no body gets its
# story, a paragraph under 500 menu lines); nothing else changes.
RESCUE_MIN_PROB = 0.03
RESCUE_SHARE = 0.5
RESCUE_GAP = 2
# jusText's "near-good" blocks: a prose unit the model was unsure of is body between body and body,
# or body and an edge: a cue line, a list header, the dump's end (the last paragraph above a "Related"
# header). Next to body and anything else as well: page-grouped CV 0.921 -> 0.922, but fine-set body
# F1 (a set the model never saw) 0.951 -> 0.950; thresholds 0.1 and 0.3: no better.
NEAR_BODY_PROB = 0.2
MIN_BODY_BEFORE_COMMENTS = 300  # characters of body above a comments header that ends the article
MIN_COPY_WORDS = 8  # shorter lines (crossheads, "Photo") may well repeat
RUN_GAP = 2  # other units that may stand inside one run of body (a caption, an ad)
MAX_COMMENTS_SHARE = 2.0  # readers may write more than the article above, not many times more
MAX_REPEATED_BODY_SHARE = 0.5  # more of the body than this repeated elsewhere: the article is a copy
# Copyright notices are sentences, unlike most cues: "Copyright 2012 The Associated Press. All rights
# reserved." The model sees no cue there (`_cue`), so this category is checked again on its body.
NOTICE_CUES = frozenset({"copyright"})
MAX_DATE_WORDS = 8  # "16 November 2017 • 2:15pm", "Publikacja: 03.01.2012 08:29": a timestamp, not prose
MAX_DATELINE_WORDS = 12
# A wire dateline on its own line opens the story: "MADRID, 12 Jun. (EUROPA PRESS) -", "PARIS, 3 mai (AFP) -".
_DATELINE = regex.compile(r"^(?:\p{Lu}[\p{Lu}\p{M}' .-]+,|.*\(\p{Lu}[\p{L} .]*\)).*\s(?:-{1,2}|[–—])$")
# Wide gaps inside a line: cells of a row a layout-keeping extractor laid out in columns.
_COLUMN_GAP = regex.compile(r"(?<=\S)(?: {3,}|\t+)(?=\S)")
MIN_ROW_CELLS = 3
MIN_CELL_CHARS, MAX_CELL_CHARS = 12, 60  # headline-sized cells: a data table's ("49", "Pos") are shorter
# "![alt](src)", "[![alt](src)](link)", "  * ![alt](src)" (a grid of teaser pictures), pandoc's
# `::: {.claim}` fences: markup, never text.
_MARKUP_LINE = regex.compile(r"^\s*(?:(?:[*+\-•]\s+)?\[?!\[|:{3,})")
# Path and menu separators between words: "Automatyka > Napędy > Systemy", "Politik » Ausland",
# "Home / News / Sport". Dashes are left out, as prose uses them, and bars: a markdown table row
# ("1 | Kyle Busch | 5040") may be the article's data.
_PATH_SEPARATOR = regex.compile(r"\s[>»/·•]\s")
# A unit with this many separators, one per so many words, is a menu, a breadcrumb trail or a
# category picker a converter wrapped into one paragraph, however long and wordy it reads.
MIN_PATH_SEPARATORS = 5
MAX_WORDS_PER_SEPARATOR = 8


@dataclass(frozen=True, slots=True)
class LineModel:
    """Boosted trees over each unit's features, then logistic stacking weights over their log-odds."""

    trees: Callable[[Sequence[float]], float]  # compiled from the shipped trees (trees.py)
    stack: tuple[float, ...]
    threshold: float  # body when the second-pass probability reaches this

    def first(self, vectors: list[list[float]]) -> list[float]:
        return [self.trees(v) for v in vectors]

    def second(self, rows: list[list[float]]) -> list[float]:
        s = self.stack
        return [_sigmoid(sum(a * b for a, b in zip(s, r, strict=True))) for r in rows]


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LineModel:
    """The shipped model, or one trained by scripts/train_lines.py (--out) on other labeled dumps."""
    source = Path(path) if path else resources.files("newsdump") / "data" / "boilerplate.json"
    raw = source.read_bytes()
    data = json.loads(raw)
    if tuple(data["features"]) != FEATURE_NAMES or tuple(data["stack_features"]) != STACK_NAMES:
        raise ValueError(f"{source} does not match newsdump/features.py: retrain it")
    trees = compile_trees(data["trees"])
    return LineModel(trees, tuple(data["stack_weights"]), float(data["threshold"]))


@dataclass(slots=True)
class DocLines:
    """What the model sees of one dump: its units (a line, or the lines of a hard-wrapped paragraph),
    their first lines, features, cue hits and vectors."""

    units: list[list[int]]
    content: list[int]  # each unit's first line
    feats: list[LineFeatures]
    cues: list[lexicon.Cue | None]
    vectors: list[list[float]]


def doc_lines(doc: Doc) -> DocLines:
    """Features and model inputs of every unit of non-blank lines (shared with the training script)."""
    # English cues hold on pages of any language ("Share", "Advertisement" are everywhere).
    cues_lex = lexicon.load("cues", tuple(dict.fromkeys((doc.lang or "en", "en"))))
    stoplist = stopwords(doc.lang)
    units = paragraph_units(doc.lines, doc.content_lines())
    content = [unit[0] for unit in units]
    feats = [line_features(unit_text(doc.lines, unit), stoplist) for unit in units]
    keys = [_unit_key(doc, unit) for unit in units]
    cues = [_cue(cues_lex, key, f) for key, f in zip(keys, feats, strict=True)]
    hits = [c is not None for c in cues]
    vectors = line_vectors(doc.lines, content, feats, keys, hits, bool(stoplist))
    return DocLines(units, content, feats, cues, vectors)


def _unit_key(doc: Doc, unit: list[int]) -> str:
    return doc.keys[unit[0]] if len(unit) == 1 else " ".join(doc.keys[i] for i in unit)


def _cue(cues: lexicon.Lexicon, key: str, f: LineFeatures) -> lexicon.Cue | None:
    cue = cues.match(key)
    if cue is None or f.words > (MAX_CAPTION_WORDS if _caption_lead(cue) else MAX_CUE_WORDS[cue.mode]):
        return None
    if cue.mode == "prefix" and cue.category == "byline" and f.words > MAX_BYLINE_PREFIX_WORDS:
        return None
    if cue.mode != "line" and f.terminal and f.words > MAX_SENTENCE_CUE_WORDS and not _caption_lead(cue):
        return None
    return cue


def _caption_lead(cue: lexicon.Cue) -> bool:
    """A caption ("Photo: ...", "图为...") is often a whole sentence or more, and begins like one only there."""
    return cue.mode == "prefix" and cue.category == "caption"


class BoilerplateSegmenter:
    name = "boilerplate"

    def __init__(self, model: LineModel | None = None, repeated: RepeatedLines | None = None) -> None:
        self.model = model
        self.repeated = repeated  # lines this dump's site repeats across the batch

    def __call__(self, doc: Doc) -> None:
        model = self.model or load_model()
        lines = doc_lines(doc)
        probs = model.second(stack_vectors(model.first(lines.vectors), lines.vectors))
        if doc.features is not None:
            _keep_features(doc, lines, probs)
        snippet = len(lines.content) <= SNIPPET_LINES
        has_stoplist = bool(stopwords(doc.lang))
        decisions = [
            _decide(lines, k, p, model.threshold, snippet and _sentence(lines.feats[k], has_stoplist))
            for k, p in enumerate(probs)
        ]
        _mark_near_body(doc, lines, decisions, probs)
        if self.repeated is not None:
            _mark_repeated(doc, lines, decisions, self.repeated.lines_of(doc.dump))
        _mark_shapes(doc, lines, decisions)
        _mark_copies(doc, lines, decisions)
        _mark_comment_zone(lines, decisions)
        if not any(d[0] is Label.BODY for d in decisions):
            for k in _rescued_run(lines, probs):
                decisions[k] = (Label.BODY, "boilerplate.rescue", probs[k], None)
        for unit, (label, rule, score, kind) in zip(lines.units, decisions, strict=True):
            if len(unit) > 1:
                doc.wrapped.update(dict.fromkeys(unit, unit[0]))
            for i in unit:
                if doc.labels[i] is Label.BODY:  # else already decided by an earlier segmenter
                    doc.set(i, label, rule, score, kind=kind)


Decision = tuple[Label, str, float, str | None]  # label, rule, score, boilerplate kind


def _decide(lines: DocLines, k: int, p: float, threshold: float, snippet_sentence: bool) -> Decision:
    cue = lines.cues[k]
    if cue is not None:
        return Label.BOILERPLATE, f"boilerplate.cue.{cue.category}", 0.9, cue.category
    if snippet_sentence:
        return Label.BODY, "boilerplate.prose", max(p, 0.6), None
    if p >= threshold:
        return Label.BODY, "boilerplate.model", p, None
    return Label.BOILERPLATE, "boilerplate.model", 1.0 - p, "other"


def _mark_near_body(doc: Doc, lines: DocLines, decisions: list[Decision], probs: list[float]) -> None:
    """Prose the model left under the threshold becomes body between body and body or an edge; the
    pass runs both ways so that a run of such units joins the body it touches."""
    related = lexicon.load("related", tuple(dict.fromkeys((doc.lang or "en", "en"))))
    edges = [
        cue is not None or related.match(_unit_key(doc, unit)) is not None
        for cue, unit in zip(lines.cues, lines.units, strict=True)
    ]
    # The article goes on around an embedded post: what stands next to a unit is seen past embeds.
    embedded = [doc.labels[unit[0]] is Label.EMBED for unit in lines.units]
    order = list(range(len(decisions)))
    for ks in (order, order[::-1]):
        for k in ks:
            if _near_body(lines, decisions, probs, edges, embedded, k):
                decisions[k] = (Label.BODY, "boilerplate.near_body", probs[k], None)


def _near_body(
    lines: DocLines,
    decisions: list[Decision],
    probs: list[float],
    edges: list[bool],
    embedded: list[bool],
    k: int,
) -> bool:
    label, rule, _, _ = decisions[k]
    if label is Label.BODY or rule != "boilerplate.model" or probs[k] < NEAR_BODY_PROB:
        return False
    if not is_prose(lines.feats[k]):
        return False
    sides = [_side(decisions, edges, _past(embedded, k, step)) for step in (-1, 1)]
    return "body" in sides and "other" not in sides


def _past(embedded: list[bool], k: int, step: int) -> int:
    """The first unit from k in direction `step` that is not an embed (may be off either end)."""
    j = k + step
    while 0 <= j < len(embedded) and embedded[j]:
        j += step
    return j


def _side(decisions: list[Decision], edges: list[bool], j: int) -> str:
    """What stands next to a unit: body, an edge (a cue line, a list header, the end of the dump), or other."""
    if not 0 <= j < len(decisions):
        return "edge"
    if decisions[j][0] is Label.BODY:
        return "body"
    return "edge" if edges[j] else "other"


def _mark_repeated(doc: Doc, lines: DocLines, decisions: list[Decision], repeated: frozenset[int]) -> None:
    """Lines the site repeats on many pages are its chrome, however much they read like prose; but
    when most of the body is repeated, the article itself recurs (syndicated, captured twice) and
    only its non-prose lines are marked."""
    if not repeated:
        return
    body = [k for k, d in enumerate(decisions) if d[0] is Label.BODY]
    hits = [k for k in body if all(line_hash(doc.keys[i]) in repeated for i in lines.units[k])]
    chars = sum(lines.feats[k].chars for k in body) or 1
    copied = sum(lines.feats[k].chars for k in hits) > MAX_REPEATED_BODY_SHARE * chars
    for k in hits:
        if not (copied and is_prose(lines.feats[k])):
            decisions[k] = (Label.BOILERPLATE, "boilerplate.repeated", 0.9, "other")


def _mark_shapes(doc: Doc, lines: DocLines, decisions: list[Decision]) -> None:
    """What the model cannot tell from features: footer notices written as sentences, timestamps and
    image markup it took for body, and a wire dateline on its own line above the body it opens."""
    cues = lexicon.load("cues", tuple(dict.fromkeys((doc.lang or "en", "en"))))
    for k, unit in enumerate(lines.units):
        words = lines.feats[k].words
        if decisions[k][0] is not Label.BODY:
            if _opening_dateline(doc, lines, decisions, k):
                decisions[k] = (Label.BODY, "boilerplate.dateline", 0.7, None)
            continue
        cue = cues.match(_unit_key(doc, unit)) if lines.cues[k] is None else None
        text = unit_text(doc.lines, unit)
        if cue is not None and cue.category in NOTICE_CUES and words <= MAX_CUE_WORDS[cue.mode]:
            decisions[k] = (Label.BOILERPLATE, f"boilerplate.cue.{cue.category}", 0.8, cue.category)
        elif _MARKUP_LINE.match(text):
            decisions[k] = (Label.BOILERPLATE, "boilerplate.markup", 0.9, "other")
        elif _link_row(text):
            decisions[k] = (Label.BOILERPLATE, "boilerplate.row", 0.7, "other")
        elif _path_run(text, words):
            decisions[k] = (Label.BOILERPLATE, "boilerplate.path", 0.7, "navigation")
        elif words <= MAX_DATE_WORDS and looks_like_date(text) and not _dateline(text):
            decisions[k] = (Label.BOILERPLATE, "boilerplate.date", 0.8, "byline")


def _link_row(text: str) -> bool:
    """A row of headline-sized cells set apart by wide gaps (teaser links laid out in columns) is not
    prose, however the model scored it; a data table (short cells: scores, tickers) may be body."""
    cells = _COLUMN_GAP.split(text.strip())
    return len(cells) >= MIN_ROW_CELLS and all(
        MIN_CELL_CHARS <= len(cell) <= MAX_CELL_CHARS for cell in cells
    )


def _path_run(text: str, words: int) -> bool:
    """Items strung together by menu or path separators, not sentences joined by punctuation."""
    separators = len(_PATH_SEPARATOR.findall(text))
    return separators >= MIN_PATH_SEPARATORS and separators * MAX_WORDS_PER_SEPARATOR >= words


def _dateline(text: str) -> bool:
    """A short line that ends in a hanging dash is checked against the dateline pattern."""
    text = text.strip()
    return text.endswith(("-", "–", "—")) and bool(_DATELINE.match(text))


def _opening_dateline(doc: Doc, lines: DocLines, decisions: list[Decision], k: int) -> bool:
    """A dateline the model left out, right above the body it opens."""
    return (
        lines.feats[k].words <= MAX_DATELINE_WORDS
        and lines.cues[k] is None
        and k + 1 < len(decisions)
        and decisions[k + 1][0] is Label.BODY
        and _dateline(unit_text(doc.lines, lines.units[k]))
    )


def _mark_copies(doc: Doc, lines: DocLines, decisions: list[Decision]) -> None:
    """A paragraph the page prints twice (a teaser of the same story, a pull quote) is body once: in
    the longer run of body (the first on a tie), or, when both copies share a run, the later one
    (a pull quote or highlight comes before the paragraph it quotes)."""
    runs = _body_runs(decisions)
    copies: dict[str, list[int]] = {}
    for k, unit in enumerate(lines.units):
        if decisions[k][0] is Label.BODY and lines.feats[k].words >= MIN_COPY_WORDS:
            copies.setdefault(_unit_key(doc, unit), []).append(k)
    size = Counter(runs.values())
    for units in copies.values():
        if len(units) < 2:
            continue
        same = len({runs[k] for k in units}) == 1
        keep = units[-1] if same else max(units, key=lambda k: (size[runs[k]], -k))
        for k in units:
            if k != keep:
                decisions[k] = (Label.BOILERPLATE, "boilerplate.copy", 0.7, "other")


def _body_runs(decisions: list[Decision]) -> dict[int, int]:
    """Run number of every body unit: runs are broken by more than RUN_GAP other units."""
    runs: dict[int, int] = {}
    run, gap = 0, 0
    for k, decision in enumerate(decisions):
        if decision[0] is not Label.BODY:
            gap += 1
            continue
        if gap > RUN_GAP:
            run += 1
        runs[k], gap = run, 0
    return runs


def _mark_comment_zone(lines: DocLines, decisions: list[Decision]) -> None:
    """Readers' comments read like prose. After a comments header that follows the article's body,
    the prose the model keeps is comments, unless there is far more of it than of the article above
    (then the header was a widget in the middle of the article). Comments outweighing the article is
    common; CV on dev 0.923 -> 0.926 (pl 0.894 -> 0.916) against "more than the article above"."""
    chars = [f.chars if d[0] is Label.BODY else 0 for f, d in zip(lines.feats, decisions, strict=True)]
    above = 0
    for k, cue in enumerate(lines.cues):
        if cue is not None and cue.category == "comment" and above >= MIN_BODY_BEFORE_COMMENTS:
            if sum(chars[k + 1 :]) > MAX_COMMENTS_SHARE * above:
                return
            for j in range(k + 1, len(decisions)):
                if chars[j]:
                    decisions[j] = (Label.BOILERPLATE, "boilerplate.comments", 0.7, "comment")
            return
        above += chars[k]


def _rescued_run(lines: DocLines, probs: list[float]) -> list[int]:
    """A news page has an article: when no unit passed the threshold (a short story lost in a big
    page), keep the most likely prose unit and the likely prose next to it."""
    prose = [k for k, f in enumerate(lines.feats) if is_prose(f) and lines.cues[k] is None]
    best = max(prose, key=lambda k: probs[k], default=None)
    if best is None or probs[best] < RESCUE_MIN_PROB:
        return []
    keep = probs[best] * RESCUE_SHARE
    run = [best]
    for step in (-1, 1):
        k, gap = best + step, 0
        while 0 <= k < len(probs) and gap <= RESCUE_GAP:
            if lines.cues[k] is None and probs[k] >= keep and is_prose(lines.feats[k]):
                run.append(k)
                gap = 0
            else:
                gap += 1
            k += step
    return sorted(run)


def _sentence(f: LineFeatures, has_stoplist: bool) -> bool:
    """A line that reads like a sentence of prose: long, closed by terminal punctuation, with function words."""
    stop_ok = f.stop_share >= SNIPPET_MIN_STOP_SHARE or (not has_stoplist and f.stop_share == 0)
    return f.terminal and f.words >= SNIPPET_PROSE_WORDS and stop_ok


def _keep_features(doc: Doc, lines: DocLines, probs: list[float]) -> None:
    """One dict per dump line (the --features option): the line's features and its body probability."""
    rows: list[dict[str, float]] = [{"line": i + 1} for i in range(len(doc.lines))]
    for k, unit in enumerate(lines.units):
        for i in unit:
            rows[i].update(lines.feats[k].as_dict())
            rows[i]["body_prob"] = round(probs[k], 3)
            if len(unit) > 1:
                rows[i]["paragraph_lines"] = len(unit)
    doc.features[:] = rows  # type: ignore[index]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
