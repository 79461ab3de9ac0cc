"""Measure newsdump on labeled dumps: the metrics of the shared scorers, re-implemented.

Two gold formats are read (one JSON object per line, plain or gzip):

- body format (`eval/dev/gold.jsonl.gz`): `id`, `dump`, `labels`, `body`, `title`, plus `lang`,
  `style`, `source` for the group tables. Scored like `score.py`: bag-of-token precision, recall
  and F1 of the predicted bodies, per document (macro) and over all tokens (micro), by group.
- fine format (`eval/fine/dev.jsonl`): `id`, `dump`, `labels`, `line_articles`, `articles` (title,
  quotes, related). Scored like `score_fine.py`: per-label line P/R/F1, article counts, titles,
  related headlines and quotes with speakers.

A record is fine format when it has `line_articles`. To label your own data, write either shape.
The numbers equal the shared scorers' on the same records (`tests/test_evaluate.py` checks it).
"""

from __future__ import annotations

import gzip
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

import orjson

from .assemble import assemble_records
from .decode import decode_bytes
from .document import Doc
from .model import Dump, Source

LABELS = ("title", "body", "boilerplate", "related", "embed", "comment")
# Han (CJK ideographs, radicals, iteration marks), Hiragana, Katakana: one token per character.
_CJK = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u309f\u30a0-\u30ff"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00016fe0-\U00016fff"
    "\U0001b000-\U0001b16f\U00020000-\U0003134f"
)


# --- tokens (exactly score.py's: `re` word characters of this Python's Unicode, not `regex`'s) ---


def _mark_ranges() -> str:
    """Character class body of every combining mark (Mn, Mc, Me)."""
    parts: list[str] = []
    start = prev = -1
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp))[0] == "M":
            start = cp if start < 0 else start
            prev = cp
        elif start >= 0:
            parts.append(f"\\U{start:08x}-\\U{prev:08x}")
            start = -1
    if start >= 0:
        parts.append(f"\\U{start:08x}-\\U{prev:08x}")
    return "".join(parts)


@cache
def _token_re() -> re.Pattern[str]:
    return re.compile(f"[{_CJK}]|(?:[^\\W{_CJK}]|[{_mark_ranges()}\u200c\u200d])+")


def tokenize(text: str) -> list[str]:
    return _token_re().findall(unicodedata.normalize("NFKC", text).lower())


def token_f1(a: str | None, b: str | None) -> float:
    ta, tb = tokenize(a or ""), tokenize(b or "")
    inter = sum((Counter(ta) & Counter(tb)).values()) if ta and tb else 0
    if not inter:
        return 0.0
    p, r = inter / len(ta), inter / len(tb)
    return 2 * p * r / (p + r)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "gold": n_gold,
        "pred": n_pred,
    }


# --- gold and predictions ---


def read_jsonl(path: str) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not valid JSON ({err})") from err
            if not isinstance(obj, dict):
                raise ValueError(f"{path}:{number}: expected a JSON object")
            yield obj


def gold_format(records: list[dict[str, Any]]) -> str:
    """'fine' when the records carry line articles, else 'body'."""
    if any(key not in rec for rec in records for key in ("id", "dump")):
        raise ValueError("every gold record needs 'id' and 'dump'")
    return "fine" if records and all("line_articles" in rec for rec in records) else "body"


def gold_dump(rec: dict[str, Any]) -> Dump:
    """The dump as `newsdump convert` sees the file `<id>.txt` (the dump and a final newline)."""
    text, encoding, warnings = decode_bytes((rec["dump"] + "\n").encode("utf-8"))
    return Dump(text=text, source=Source(path=f"{rec['id']}.txt"), encoding=encoding, warnings=warnings)


def predict(
    gold: Iterable[dict[str, Any]], label: Callable[[Dump], Doc]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Doc]]:
    """Run the pipeline over every gold dump: records and labeled docs by gold id."""
    records: dict[str, list[dict[str, Any]]] = {}
    docs: dict[str, Doc] = {}
    for rec in gold:
        doc = label(gold_dump(rec))
        docs[rec["id"]] = doc
        records[rec["id"]] = assemble_records(doc)
    return records, docs


# --- body format (score.py) ---


def _doc_scores(pred: list[str], gold: list[str]) -> dict[str, float]:
    inter = sum((Counter(pred) & Counter(gold)).values())
    p = inter / len(pred) if pred else 0.0
    r = inter / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "inter": inter,
        "pred_tokens": len(pred),
        "gold_tokens": len(gold),
    }


def _aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    inter, pred, gold = (sum(r[k] for r in rows) for k in ("inter", "pred_tokens", "gold_tokens"))
    mp = inter / pred if pred else 0.0
    mr = inter / gold if gold else 0.0
    return {
        "docs": n,
        "missing": sum(1 for r in rows if r["missing"]),
        "macro": {k: sum(r[k] for r in rows) / n if n else 0.0 for k in ("precision", "recall", "f1")},
        "micro": {"precision": mp, "recall": mr, "f1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0},
        "f1_ge_0.9": sum(1 for r in rows if r["f1"] >= 0.9) / n if n else 0.0,
    }


def _source_short(rec: dict[str, Any]) -> str:
    source = rec.get("source") or ""
    return source.split(":", 1)[0] if source else str(rec.get("id", "")).split("-", 1)[0]


def score_body(gold: list[dict[str, Any]], records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """score.py's result: macro/micro P/R/F1 and share of F1 >= 0.9, for all and by style, lang, source."""
    rows = []
    for rec in gold:
        bodies = [r.get("body") if isinstance(r.get("body"), str) else "" for r in records.get(rec["id"], [])]
        scores = _doc_scores(tokenize("\n".join(bodies)), tokenize(rec.get("body") or ""))
        rows.append(
            {
                "id": rec["id"],
                "style": rec.get("style"),
                "lang": rec.get("lang"),
                "source": _source_short(rec),
                "missing": rec["id"] not in records,
                **scores,
            }
        )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups["all"].append(row)
        for key in ("style", "lang", "source"):
            groups[f"{key}={row[key]}"].append(row)
    order = sorted(groups, key=lambda g: (g != "all", g.split("=")[0], -len(groups[g]), g))
    return {"format": "body", "groups": {g: _aggregate(groups[g]) for g in order}, "per_doc": rows}


def body_report(result: dict[str, Any]) -> list[str]:
    """The table score.py prints (without its file-name header line)."""
    head = (
        f"{'group':<48} {'docs':>5} {'miss':>5}  {'P':>6} {'R':>6} {'F1':>6}  "
        f"{'microP':>6} {'microR':>6} {'microF1':>7}  {'F1>=.9':>6}"
    )
    out = [head, "-" * len(head)]
    for name, g in result["groups"].items():
        ma, mi = g["macro"], g["micro"]
        out.append(
            f"{name[:48]:<48} {g['docs']:>5} {g['missing']:>5}  {ma['precision']:>6.3f} {ma['recall']:>6.3f} "
            f"{ma['f1']:>6.3f}  {mi['precision']:>6.3f} {mi['recall']:>6.3f} {mi['f1']:>7.3f}  {g['f1_ge_0.9']:>6.3f}"
        )
    return out


# --- fine format (score_fine.py) ---


def _match(
    gold: list[Any], pred: list[Any], key: Callable[[Any], Any], threshold: float
) -> list[tuple[Any, Any]]:
    """Greedy one-to-one matching by token F1, best pairs first (ties: later indexes first, as score_fine)."""
    pairs = sorted(
        ((token_f1(key(g), key(p)), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for f, i, j in pairs:
        if f < threshold:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((gold[i], pred[j]))
    return out


def predicted_lines(recs: list[dict[str, Any]], n_lines: int) -> tuple[dict[int, str], Counter[int]]:
    """Each 1-based line's predicted label (the last segment covering it wins) and its cover count."""
    cover: Counter[int] = Counter()
    predicted: dict[int, str] = {}
    for rec in recs:
        diag = rec.get("diagnostics") or {}
        for seg in diag.get("segments") or []:
            lines = seg.get("lines") or [None, None]
            first, last = lines[0], lines[-1]
            if not isinstance(first, int) or not isinstance(last, int):
                continue
            for n in range(max(first, 1), min(last, n_lines) + 1):
                cover[n] += 1
                predicted[n] = str(seg.get("label"))
    return predicted, cover


def _text_of(item: Any) -> str:
    return item.get("text", "") if isinstance(item, dict) else str(item)


class _FineTally:
    """The counters score_fine.py keeps over all dumps."""

    def __init__(self) -> None:
        self.confusion: Counter[tuple[str, str]] = Counter()
        self.covered_once = self.total_lines = self.articles_right = 0
        self.counts: Counter[str] = Counter()
        self.per_doc: list[dict[str, Any]] = []

    def add(self, g: dict[str, Any], recs: list[dict[str, Any]]) -> None:
        labels = g["labels"]
        predicted, cover = predicted_lines(recs, len(labels))
        self.total_lines += len(labels)
        self.covered_once += sum(1 for n in range(1, len(labels) + 1) if cover[n] == 1)
        right = wrong = 0
        for n, label in enumerate(labels, 1):
            if label == "blank":
                continue
            p = predicted.get(n, "missing")
            self.confusion[(label, p)] += 1
            right += p == label
            wrong += p != label
        self._articles(g, recs)
        self.per_doc.append(
            {
                "id": g["id"],
                "lang": g.get("lang"),
                "lines_right": right,
                "lines_wrong": wrong,
                "records": len(recs),
            }
        )

    def _articles(self, g: dict[str, Any], recs: list[dict[str, Any]]) -> None:
        with_body = {art for lab, art in zip(g["labels"], g["line_articles"], strict=False) if lab == "body"}
        gold_articles = [a for i, a in enumerate(g["articles"]) if i in with_body]
        self.articles_right += len(gold_articles) == len([r for r in recs if (r.get("body") or "").strip()])
        self._items("title", [a["title"] for a in g["articles"] if a.get("title")],
                    [r.get("title") for r in recs if r.get("title")], lambda t: t, 0.8)  # fmt: skip
        self._items("related", [t for a in g["articles"] for t in a.get("related", [])],
                    [_text_of(t) for r in recs for t in (r.get("related") or [])], lambda t: t, 0.8)  # fmt: skip
        gold_q = [q for a in g["articles"] for q in a.get("quotes", [])]
        pred_q = [q for r in recs for q in (r.get("quotes") or []) if isinstance(q, dict)]
        pairs = self._items("quote", gold_q, pred_q, lambda q: q.get("text"), 0.6)
        self.counts["speaker_right"] += sum(
            1
            for gq, pq in pairs
            if set(tokenize(gq.get("speaker") or "")) & set(tokenize(pq.get("speaker") or ""))
        )

    def _items(
        self, name: str, gold: list[Any], pred: list[Any], key: Callable[[Any], Any], threshold: float
    ) -> list:
        pairs = _match(gold, pred, key, threshold)
        self.counts[f"{name}_gold"] += len(gold)
        self.counts[f"{name}_pred"] += len(pred)
        self.counts[f"{name}_tp"] += len(pairs)
        return pairs

    def item_prf(self, name: str) -> dict[str, float]:
        return prf(self.counts[f"{name}_tp"], self.counts[f"{name}_pred"], self.counts[f"{name}_gold"])


def score_fine(gold: list[dict[str, Any]], records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """score_fine.py's result: line labels, article counts, titles, related headlines, quotes."""
    tally = _FineTally()
    for g in gold:
        tally.add(g, records.get(g["id"], []))
    confusion = tally.confusion
    n_lines = sum(confusion.values())
    by_label = {}
    for label in LABELS:
        n_pred = sum(v for (_, pl), v in confusion.items() if pl == label)
        n_gold = sum(v for (gl, _), v in confusion.items() if gl == label)
        by_label[label] = prf(confusion[(label, label)], n_pred, n_gold)
    scored = [lab for lab in ("title", "body", "boilerplate", "related", "embed") if by_label[lab]["gold"]]
    q_tp = tally.counts["quote_tp"]
    return {
        "format": "fine",
        "docs": len(gold),
        "docs_without_records": sum(1 for g in gold if not records.get(g["id"])),
        "lines": {
            "accuracy": sum(v for (gl, pl), v in confusion.items() if gl == pl) / n_lines if n_lines else 0.0,
            "macro_f1": sum(by_label[lab]["f1"] for lab in scored) / len(scored) if scored else 0.0,
            "coverage": tally.covered_once / tally.total_lines if tally.total_lines else 0.0,
            "missing": sum(v for (_, pl), v in confusion.items() if pl == "missing"),
            "by_label": by_label,
            "confusion": {f"{gl}->{pl}": v for (gl, pl), v in sorted(confusion.items())},
        },
        "articles_count_accuracy": tally.articles_right / len(gold) if gold else 0.0,
        "titles": tally.item_prf("title"),
        "related": tally.item_prf("related"),
        "quotes": {
            **tally.item_prf("quote"),
            "speaker_accuracy": tally.counts["speaker_right"] / q_tp if q_tp else 0.0,
        },
        "per_doc": tally.per_doc,
    }


def fine_report(r: dict[str, Any]) -> list[str]:
    """The lines score_fine.py prints."""
    li = r["lines"]
    out = [
        f"docs {r['docs']}  without records {r['docs_without_records']}",
        f"lines: accuracy {li['accuracy']:.3f}  macro F1 {li['macro_f1']:.3f}  "
        f"coverage {li['coverage']:.3f}  missing {li['missing']}",
    ]
    for label, m in li["by_label"].items():
        out.append(
            f"  {label:<12} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  (gold {m['gold']})"
        )
    out.append(f"articles: count right in {r['articles_count_accuracy']:.3f} of dumps")
    for name in ("titles", "related", "quotes"):
        m = r[name]
        extra = f"  speaker accuracy {m['speaker_accuracy']:.3f}" if name == "quotes" else ""
        out.append(
            f"{name}: P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  (gold {m['gold']}){extra}"
        )
    return out


def fine_by_language(gold: list[dict[str, Any]], records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The fine metrics again for each language's dumps (a table the shared scorer does not print)."""
    langs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        langs[str(g.get("lang"))].append(g)
    return {
        lang: score_fine(rows, records) for lang, rows in sorted(langs.items(), key=lambda kv: -len(kv[1]))
    }


def evaluate(gold: list[dict[str, Any]], records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Score records against gold in whichever format the gold is."""
    if gold_format(gold) == "fine":
        result = score_fine(gold, records)
        result["by_lang"] = {
            lang: {"lines": r["lines"]["accuracy"], "macro_f1": r["lines"]["macro_f1"], "docs": r["docs"]}
            for lang, r in fine_by_language(gold, records).items()
        }
        return result
    return score_body(gold, records)
