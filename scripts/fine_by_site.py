"""The fine-set report per site and per language, so that a weak site shows instead of averaging away.

The site is the middle part of the fine id `<lang>-<site>-<nnn>` (the seed, `seed-ar-001`, is site
`seed`). Each group is scored by the fine set's own scorer on its dumps alone. With `-v`, every dump's
titles, related items and article count, gold beside predicted, for the dumps that miss any of them.

    python scripts/fine_by_site.py ../shared/eval/fine/dev.jsonl out/fine.jsonl [-v]

Numbers on dev.jsonl are in-sample: the rules were written looking at those dumps.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

COLUMNS = ("docs", "title_ln", "titles", "related", "rel_gold", "count", "body_ln", "macro")


def _scorer(gold_path: str) -> Any:
    """score_fine.py lives beside the fine set's folder (../shared/eval/score_fine.py)."""
    sys.path.insert(0, str(Path(gold_path).resolve().parent.parent))
    import score_fine

    return score_fine


def site_of(rid: str) -> str:
    parts = rid.split("-")
    return parts[0] if rid.startswith("seed") else "-".join(parts[1:-1]) or rid


def _row(result: dict[str, Any]) -> dict[str, Any]:
    by_label = result["lines"]["by_label"]
    return {
        "docs": result["docs"],
        "title_ln": by_label["title"]["f1"] if by_label["title"]["gold"] else None,
        "titles": result["titles"]["f1"] if result["titles"]["gold"] else None,
        "related": result["related"]["f1"] if result["related"]["gold"] else None,
        "rel_gold": result["related"]["gold"],
        "count": result["articles_count_accuracy"],
        "body_ln": by_label["body"]["f1"] if by_label["body"]["gold"] else None,
        "macro": result["lines"]["macro_f1"],
    }


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def grouped(
    scorer: Any, gold: list[dict[str, Any]], pred_path: str, key: Callable[[str], str]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in gold:
        groups[key(rec)].append(rec)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, recs in sorted(groups.items()):
            path = os.path.join(tmp, "gold.jsonl")
            with open(path, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
            rows[name] = _row(scorer.score(path, pred_path))
    return rows


def print_table(title: str, rows: dict[str, dict[str, Any]]) -> None:
    print(f"{title:<18}" + "".join(f"{c:>9}" for c in COLUMNS))
    for name, row in rows.items():
        print(f"{name:<18}" + "".join(f"{_cell(row[c]):>9}" for c in COLUMNS))
    print()


def details(scorer: Any, gold: list[dict[str, Any]], pred_path: str) -> None:
    """Gold and predicted titles, related items and article counts of every dump that misses one."""
    by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ids = {r["id"]: r for r in gold}
    for rec in scorer.read_jsonl(pred_path):
        rid = scorer.doc_id(rec, ids)
        if rid is not None:
            by_id[rid].append(rec)
    for g in gold:
        recs = by_id.get(g["id"], [])
        gold_titles = [a["title"] for a in g["articles"] if a.get("title")]
        pred_titles = [r.get("title") for r in recs if r.get("title")]
        gold_rel = [t for a in g["articles"] for t in a.get("related", [])]
        pred_rel = [scorer.text_of(t) for r in recs for t in (r.get("related") or [])]
        n_gold = sum(1 for k in range(len(g["articles"])) if _has_body(g, k))
        n_pred = sum(1 for r in recs if (r.get("body") or "").strip())
        t_ok = len(scorer.match(gold_titles, pred_titles, lambda t: t, 0.8))
        r_ok = len(scorer.match(gold_rel, pred_rel, lambda t: t, 0.8))
        titles_ok = t_ok == len(gold_titles) == len(pred_titles)
        if titles_ok and r_ok == len(gold_rel) == len(pred_rel) and n_gold == n_pred:
            continue
        print(
            f"== {g['id']}  articles gold {n_gold} pred {n_pred}  titles {t_ok}/{len(gold_titles)} "
            f"(pred {len(pred_titles)})  related {r_ok}/{len(gold_rel)} (pred {len(pred_rel)})"
        )
        _diff("title", gold_titles, pred_titles, scorer)
        _diff("related", gold_rel, pred_rel, scorer)


def _has_body(g: dict[str, Any], k: int) -> bool:
    return any(lab == "body" and art == k for lab, art in zip(g["labels"], g["line_articles"], strict=True))


def _diff(name: str, gold: list[str], pred: list[str], scorer: Any) -> None:
    pairs = scorer.match(gold, pred, lambda t: t, 0.8)
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    for g in gold:
        if id(g) not in matched_g:
            print(f"   - {name} missed: {g[:100]}")
    for p in pred:
        if id(p) not in matched_p:
            print(f"   + {name} wrong:  {p[:100]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", help="the fine set (fine/dev.jsonl)")
    ap.add_argument("pred", help="newsdump's records for the fine set's dumps")
    ap.add_argument(
        "-v", "--verbose", action="store_true", help="gold beside predicted for each dump that misses"
    )
    args = ap.parse_args(argv)
    scorer = _scorer(args.gold)
    gold = list(scorer.read_jsonl(args.gold))
    print_table("site", grouped(scorer, gold, args.pred, lambda r: site_of(r["id"])))
    print_table("lang", grouped(scorer, gold, args.pred, lambda r: r.get("lang") or "?"))
    print_table("all", grouped(scorer, gold, args.pred, lambda r: "all"))
    if args.verbose:
        details(scorer, gold, args.pred)
    return 0


if __name__ == "__main__":
    sys.exit(main())
