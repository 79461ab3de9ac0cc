"""Train the body/boilerplate line model on the dev body set; report cross-validated macro F1.

    python scripts/train_lines.py                      # CV report, then fit on all of dev and write
    python scripts/train_lines.py --no-write           # CV report only
    python scripts/train_lines.py --gold ../shared/eval/dev/gold.jsonl.gz --folds 5

Needs `pip install -e '.[train]'` (LightGBM, NumPy: training only; newsdump runs without them).

The model has two layers (features in newsdump/features.py): pass 1, boosted trees over each unit's
own and context features (a unit is a line, or a hard-wrapped paragraph rejoined); pass 2, a
logistic layer over the first-pass log-odds of the unit and its neighbours. Gold 'body' lines are
positives; 'title' and 'other' are negatives. Units a cue lexicon matches are boilerplate whatever
the model says, at training time as at run time. Folds are grouped by page (both styles of a page in
one fold); pass 2 is trained on out-of-fold pass-1 scores (nested). The score is the body scorer's:
per dump, token P/R/F1 of the predicted body units against the gold body, averaged over dumps
(macro), using the scorer's own tokenizer.

CV of pass 1 alone (5 page-grouped folds, dev, 906 dumps, 156,961 units, threshold 0.4):
    hand thresholds (the first rules)      macro F1 0.772
    logistic pass 1 + pass 2 (first model) macro F1 0.890
    trees, 31 leaves, 150 rounds           macro F1 0.906
    trees, 63 leaves, 150 rounds           macro F1 0.910
    trees, 31 leaves, 300 rounds, lr 0.05  macro F1 0.906
    trees, 47 leaves, 200 rounds, lr 0.08  macro F1 0.913  (shipped; chosen among these four)
The whole pipeline with the shipped settings, cross-validated by scripts/cv_pipeline.py (`make cv`):
0.922. The trees fit dev far better than they generalize (in-sample dev 0.98): quote the CV numbers.
These are line-level predictions alone; `make eval` scores the whole pipeline (related lists, titles).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import pickle
import sys
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
from augment import TRANSFORMS, augmented  # scripts/augment.py

from newsdump.document import Doc
from newsdump.features import FEATURE_NAMES, STACK_NAMES, stack_vectors
from newsdump.langid import detect
from newsdump.model import Dump, Source
from newsdump.paragraphs import unit_text
from newsdump.segmenters.boilerplate import doc_lines

ROOT = Path(__file__).resolve().parent.parent
L2 = 1.0  # ridge penalty on standardized weights (pass 2)
# Pass 1: LightGBM (a training-time dependency only: `pip install lightgbm`); its trees are shipped
# as data and evaluated in pure Python (newsdump/trees.py).
TREE_PARAMS = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 47,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": 7,
    "deterministic": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 200
DOC_POWER = 0.5  # line weight = 1 / (content lines of its dump) ** DOC_POWER


def load_scorer(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def load_docs(gold: Path, tokenize, augment: tuple[str, ...] = ()) -> list[dict]:  # type: ignore[no-untyped-def]
    """One training dict per gold dump; with `augment`, also its copies in those layouts (augment.py)."""
    docs = []
    with gzip.open(gold, "rt", encoding="utf-8") as f:
        for raw in f:
            rec = json.loads(raw)
            copies = augmented(rec, augment) if augment else []
            for k, one in enumerate([rec, *copies]):
                doc = _training_doc(one, tokenize)
                if doc is not None:
                    docs.append({**doc, "augmented": k > 0})
    return docs


def _training_doc(rec: dict, tokenize) -> dict | None:  # type: ignore[no-untyped-def]
    doc = Doc.from_dump(Dump(rec["dump"], Source(path=rec["id"] + ".txt")))
    doc.lang = detect([doc.lines[i] for i in doc.content_lines()])
    lines = doc_lines(doc)
    labels = rec["labels"]
    if len(labels) != len(doc.lines):
        print(f"skip {rec['id']}: {len(labels)} labels for {len(doc.lines)} lines", file=sys.stderr)
        return None
    return {
        "id": rec["id"],
        "page": rec["id"].split("+")[0].rsplit("-", 1)[0],
        "lang": rec["lang"],
        "style": rec["style"],
        "X": np.array(lines.vectors, dtype=float).reshape(-1, len(FEATURE_NAMES)),
        "y": np.array([_mostly_body(labels, unit) for unit in lines.units], dtype=float),
        "cue": np.array([c is not None for c in lines.cues], dtype=bool),
        "tokens": [Counter(tokenize(unit_text(doc.lines, unit))) for unit in lines.units],
        "gold": Counter(tokenize(rec["body"])),
        "baseline": _baseline(doc, lines.content),
    }


def _mostly_body(labels: list[str], unit: list[int]) -> bool:
    return 2 * sum(labels[i] == "body" for i in unit) > len(unit)


def _baseline(doc: Doc, units: list[int]) -> np.ndarray:
    """The hand-threshold rules this model replaced (words, terminal punctuation, prose neighbours),
    at the first line of each unit."""
    from newsdump.features import line_features

    content = doc.content_lines()
    feats = [line_features(doc.lines[i]) for i in content]
    good = [f.words >= 20 or (f.words >= 10 and f.terminal) for f in feats]
    short = [f.words <= 9 for f in feats]
    out = np.array(good, dtype=bool)
    for k in range(1, len(content) - 1):
        if short[k] and good[k - 1] and good[k + 1]:
            out[k] = True
    at = {i: k for k, i in enumerate(content)}
    return out[[at[i] for i in units]]


def fit(X: np.ndarray, y: np.ndarray, sw: np.ndarray, l2: float = L2, iterations: int = 25) -> np.ndarray:
    """L2-regularized logistic regression by Newton's method; weights for raw (unstandardized) X."""
    mean, std = X.mean(0), X.std(0)
    mean[0], std[0] = 0.0, 1.0  # the bias column
    std[std < 1e-9] = 1.0
    Z = (X - mean) / std
    w = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(Z @ w, -30, 30)))
        grad = Z.T @ (sw * (p - y)) + reg * w
        hess = (Z * (sw * p * (1 - p))[:, None]).T @ Z + np.diag(reg + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    raw = w / std
    raw[0] = w[0] - (w[1:] * mean[1:] / std[1:]).sum()
    return raw


def fit_trees(X: np.ndarray, y: np.ndarray, sw: np.ndarray):  # type: ignore[no-untyped-def]
    """Pass 1: boosted trees over the line features (a LightGBM Booster)."""
    import lightgbm

    return lightgbm.train(TREE_PARAMS, lightgbm.Dataset(X, y, weight=sw), ROUNDS)


def tree_logits(booster, X: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    return booster.predict(X, raw_score=True)


def trees_as_data(booster) -> list:  # type: ignore[no-untyped-def]
    """The booster's trees as newsdump/trees.py nested lists: [feature, threshold, left, right] or a leaf."""

    def node(n: dict):  # type: ignore[no-untyped-def]
        if "leaf_value" in n:
            return round(n["leaf_value"], 7)
        if n["decision_type"] != "<=":
            raise ValueError(f"unsupported split {n['decision_type']}")
        return [n["split_feature"], n["threshold"], node(n["left_child"]), node(n["right_child"])]

    return [node(t["tree_structure"]) for t in booster.dump_model()["tree_info"]]


def stacked(docs: list[dict], booster) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    out = []
    for d in docs:
        logits = tree_logits(booster, d["X"])
        out.append(np.array(stack_vectors(list(logits), d["X"].tolist())).reshape(-1, len(STACK_NAMES)))
    return out


def macro_f1(docs: list[dict], preds: list[np.ndarray]) -> float:
    return float(np.mean([doc_f1(d, p) for d, p in zip(docs, preds, strict=True)]))


def doc_f1(d: dict, pred: np.ndarray) -> float:
    got: Counter[str] = Counter()
    for toks, keep in zip(d["tokens"], pred, strict=True):
        if keep:
            got.update(toks)
    gold = d["gold"]
    if not got or not gold:
        return float(not got and not gold)
    hit = sum((got & gold).values())
    p, r = hit / sum(got.values()), hit / sum(gold.values())
    return 2 * p * r / (p + r) if hit else 0.0


def train(docs: list[dict], folds: int):  # type: ignore[no-untyped-def]
    """Pass 1 on all `docs`; pass 2 on out-of-fold pass-1 scores of `docs`."""
    w1 = fit_trees(np.vstack([d["X"] for d in docs]), np.concatenate([d["y"] for d in docs]), _weights(docs))
    fold = _folds(docs, folds)
    rows: list[np.ndarray] = [np.empty(0)] * len(docs)
    for f in range(folds):
        inner = fit_trees(
            np.vstack([d["X"] for d, g in zip(docs, fold, strict=True) if g != f]),
            np.concatenate([d["y"] for d, g in zip(docs, fold, strict=True) if g != f]),
            _weights([d for d, g in zip(docs, fold, strict=True) if g != f]),
        )
        held = [k for k, g in enumerate(fold) if g == f]
        for k, r in zip(held, stacked([docs[k] for k in held], inner), strict=True):
            rows[k] = r
    w2 = fit(np.vstack(rows), np.concatenate([d["y"] for d in docs]), _weights(docs))
    return w1, w2


def _weights(docs: list[dict]) -> np.ndarray:
    """Line weights that make long dumps count less: the score is a mean over dumps, not over lines."""
    w = np.concatenate([np.full(len(d["y"]), len(d["y"]) ** -DOC_POWER) for d in docs])
    return w * len(w) / w.sum()


def _folds(docs: list[dict], folds: int) -> list[int]:
    return [zlib.crc32(d["page"].encode()) % folds for d in docs]


def predict(docs: list[dict], w1, w2: np.ndarray) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    return [1 / (1 + np.exp(-(rows @ w2))) for rows in stacked(docs, w1)]


def cross_validate(docs: list[dict], folds: int, threshold: float) -> None:
    fold = _folds(docs, folds)
    probs1: list[np.ndarray] = [np.empty(0)] * len(docs)
    probs2: list[np.ndarray] = [np.empty(0)] * len(docs)
    for f in range(folds):
        train_docs = [d for d, g in zip(docs, fold, strict=True) if g != f]
        held = [k for k, g in enumerate(fold) if g == f and not docs[k].get("augmented")]
        w1, w2 = train(train_docs, folds - 1)
        for k in held:
            probs1[k] = 1 / (1 + np.exp(-tree_logits(w1, docs[k]["X"])))
        for k, p in zip(held, predict([docs[k] for k in held], w1, w2), strict=True):
            probs2[k] = p
        print(f"fold {f}: {len(held)} dumps", file=sys.stderr)
    scored = [k for k, d in enumerate(docs) if not d.get("augmented")]  # copies train, never score
    docs = [docs[k] for k in scored]
    probs1, probs2 = [probs1[k] for k in scored], [probs2[k] for k in scored]
    base = [d["baseline"] & ~d["cue"] for d in docs]
    print(f"hand thresholds          macro F1 {macro_f1(docs, base):.3f}")
    for name, probs in (("pass 1", probs1), ("pass 1 + pass 2", probs2)):
        for t in (0.3, 0.4, 0.5, 0.6):
            preds = [(p >= t) & ~d["cue"] for d, p in zip(docs, probs, strict=True)]
            print(f"{name:<24} t={t:.1f} macro F1 {macro_f1(docs, preds):.3f}")
    preds = [(p >= threshold) & ~d["cue"] for d, p in zip(docs, probs2, strict=True)]
    for key in ("style", "lang"):
        groups: dict[str, list[int]] = {}
        for k, d in enumerate(docs):
            groups.setdefault(d[key], []).append(k)
        for g, ks in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            if len(ks) >= 10:
                f1 = macro_f1([docs[k] for k in ks], [preds[k] for k in ks])
                print(f"  {key}={g:<12} {len(ks):4d} dumps  macro F1 {f1:.3f}")


def main_docs(gold: Path, scorer: Path, cache: Path | None, augment: tuple[str, ...] = ()) -> list[dict]:
    """The loaded dev dumps (and their augmented copies), from `cache` when it exists (written there
    otherwise)."""
    if cache and cache.exists():
        docs = pickle.loads(cache.read_bytes())
        if augment and not any(d.get("augmented") for d in docs):
            raise SystemExit(f"{cache} holds no augmented copies: give another --cache")
    else:
        docs = load_docs(gold, load_scorer(scorer).tokenize, augment)
        if cache:
            cache.write_bytes(pickle.dumps(docs))
    print(f"{len(docs)} dumps, {sum(len(d['y']) for d in docs)} units", file=sys.stderr)
    return docs


def model_data(w1, w2: np.ndarray, threshold: float) -> dict:  # type: ignore[no-untyped-def]
    """The model file newsdump loads (newsdump/data/boilerplate.json)."""
    return {
        "about": "newsdump body/boilerplate line model; written by scripts/train_lines.py",
        "features": list(FEATURE_NAMES),
        "trees": trees_as_data(w1),
        "stack_features": list(STACK_NAMES),
        "stack_weights": [round(float(x), 6) for x in w2],
        "threshold": threshold,
    }


def _layouts(text: str) -> tuple[str, ...]:
    """`wrap,nodes` -> ("wrap", "nodes"); `all`: every layout augment.py makes."""
    kinds = tuple(TRANSFORMS) if text == "all" else tuple(k for k in text.split(",") if k)
    unknown = [k for k in kinds if k not in TRANSFORMS]
    if unknown:
        raise argparse.ArgumentTypeError(f"no layout {', '.join(unknown)} (known: {', '.join(TRANSFORMS)})")
    return kinds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared/eval/dev/gold.jsonl.gz")
    ap.add_argument("--scorer", type=Path, default=ROOT.parent / "shared/eval/score.py")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=0.4)
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--cache", type=Path, help="pickle of the loaded dumps (speeds up repeated runs)")
    ap.add_argument("--out", type=Path, default=ROOT / "newsdump/data/boilerplate.json")
    ap.add_argument("--doc-power", type=float, default=DOC_POWER)
    ap.add_argument(
        "--augment", action="store_true", help="train on copies in other layouts too (augment.py)"
    )
    args = ap.parse_args(argv)
    globals()["DOC_POWER"] = args.doc_power
    docs = main_docs(args.gold, args.scorer, args.cache, args.augment)
    if not args.no_cv:
        cross_validate(docs, args.folds, args.threshold)
    if not args.no_write:
        w1, w2 = train(docs, args.folds)
        model = model_data(w1, w2, args.threshold)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
