"""Score the quote and embed segmenters alone on the fine set, per language.

Quotes run on a doc whose labels, articles and titles come from the gold set, so the score does not
depend on the body classifier; embeds run on the raw doc, as they do first in the pipeline.
`scare` counts the quoted spans of title and body lines that gold does not list (scare quotes,
names, titles of works, labels) and how many of them were taken as quotes all the same.

    python scripts/quote_eval.py ../shared/eval/fine/dev.jsonl [-v]
    python scripts/quote_eval.py ../shared/eval/fine/dev.jsonl --pred out/fine.jsonl   # the whole pipeline's
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsdump.document import Doc
from newsdump.model import Dump, Label, Source
from newsdump.segmenters.embeds import EmbedSegmenter
from newsdump.segmenters.quotes import QuoteSegmenter, find_spans


def _scorer(gold_path: str) -> Any:
    sys.path.insert(0, str(Path(gold_path).resolve().parent.parent))
    import score_fine

    return score_fine


def gold_doc(rec: dict[str, Any]) -> Doc:
    doc = Doc.from_dump(Dump(rec["dump"] + "\n", Source(path=rec["id"])))
    doc.lang = rec["lang"]
    for i, (label, article) in enumerate(zip(rec["labels"], rec["line_articles"], strict=False)):
        doc.labels[i] = Label(label)
        doc.articles[i] = article
    for k, article in enumerate(rec["articles"]):
        title = (article.get("title") or "").strip()
        lines = [i for i, lab in enumerate(rec["labels"]) if lab == "title" and rec["line_articles"][i] == k]
        exact = [i for i in lines if doc.lines[i].strip().lstrip("#* ").strip() == title]
        if exact or lines:
            doc.titles[k] = (exact or lines)[-1]
    return doc


def scare_spans(doc: Doc, gold_q: list[dict[str, Any]], sf: Any) -> tuple[list[str], list[str]]:
    """Quoted spans on title and body lines that gold does not list, and those of them taken as quotes."""
    spans, taken = [], []
    for i, label in enumerate(doc.labels):
        if label not in (Label.TITLE, Label.BODY):
            continue
        for span in find_spans(doc.lines[i]):
            text = doc.lines[i][span.start : span.end].strip()
            if any(g["line"] == i and sf.token_f1(g["text"], text) >= 0.6 for g in gold_q):
                continue
            spans.append(text)
            if any(q.line == i and sf.token_f1(q.text, text) >= 0.6 for q in doc.quotes):
                taken.append(text)
    return spans, taken


def _predicted(path: str) -> dict[str, list[dict[str, Any]]]:
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            records[Path(rec["source"]["path"]).name.removesuffix(".txt")].append(rec)
    return records


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("-v", action="store_true", help="show misses, false alarms and wrong speakers")
    ap.add_argument("--pred", help="score these records (newsdump convert of the gold dumps) instead")
    args = ap.parse_args()
    predicted = _predicted(args.pred) if args.pred else None
    sf = _scorer(args.gold)
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    with open(args.gold, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    for rec in records:
        lang = rec["lang"]
        doc = gold_doc(rec)
        QuoteSegmenter()(doc)
        gold_q = [q for a in rec["articles"] for q in a.get("quotes", [])]
        pred_q = [{"text": q.text, "speaker": q.speaker, "line": q.line} for q in doc.quotes]
        if predicted is not None:
            pred_q = [q | {"line": q["line"] - 1} for r in predicted[rec["id"]] for q in r["quotes"]]
        pairs = sf.match(gold_q, pred_q, lambda q: q["text"], 0.6)
        right = [
            g for g, p in pairs if set(sf.tokenize(g["speaker"] or "")) & set(sf.tokenize(p["speaker"] or ""))
        ]
        spans, taken = scare_spans(doc, gold_q, sf)
        for key in (lang, "all"):
            stats[key].update(q_gold=len(gold_q), q_pred=len(pred_q), q_tp=len(pairs), spk=len(right))
            stats[key].update(scare=len(spans), scare_taken=len(taken))
        raw = Doc.from_dump(Dump(rec["dump"] + "\n", Source(path=rec["id"])))
        raw.lang = lang
        EmbedSegmenter()(raw)
        g_e = {i for i, lab in enumerate(rec["labels"]) if lab == "embed"}
        p_e = {i for i, lab in enumerate(raw.labels) if lab is Label.EMBED}
        if predicted is not None:
            segments = [s for r in predicted[rec["id"]] for s in r["diagnostics"]["segments"]]
            p_e = {
                n - 1
                for s in segments
                if s["label"] == "embed"
                for n in range(s["lines"][0], s["lines"][1] + 1)
            }
        for key in (lang, "all"):
            stats[key].update(e_gold=len(g_e), e_pred=len(p_e), e_tp=len(g_e & p_e))
        if args.v:
            matched_g = [id(g) for g, _ in pairs]
            matched_p = [id(p) for _, p in pairs]
            for g in gold_q:
                if id(g) not in matched_g:
                    print(f"MISS {rec['id']} {g['line']}: {g['text'][:80]!r} | {g['speaker']}")
            for p in pred_q:
                if id(p) not in matched_p:
                    print(f"FALSE {rec['id']} {p['line']}: {p['text'][:80]!r} | {p['speaker']}")
            for g, p in pairs:
                if g not in right:
                    print(
                        f"SPEAKER {rec['id']} {g['line']}: {g['text'][:40]!r} gold {g['speaker']} got {p['speaker']}"
                    )
            for text in taken:
                print(f"SCARE {rec['id']}: {text[:80]!r}")
            for i in sorted(g_e ^ p_e):
                print(f"EMBED {'miss' if i in g_e else 'false'} {rec['id']} {i}: {raw.lines[i][:80]!r}")
    for lang, s in sorted(stats.items()):
        q = sf.prf(s["q_tp"], s["q_pred"], s["q_gold"])
        e = sf.prf(s["e_tp"], s["e_pred"], s["e_gold"])
        spk = s["spk"] / s["q_tp"] if s["q_tp"] else 0.0
        print(
            f"{lang:<4} quotes P {q['precision']:.3f} R {q['recall']:.3f} F1 {q['f1']:.3f} (gold {s['q_gold']}) "
            f"speaker {spk:.3f}   embed lines P {e['precision']:.3f} R {e['recall']:.3f} F1 {e['f1']:.3f} "
            f"(gold {s['e_gold']})   scare {s['scare_taken']}/{s['scare']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
