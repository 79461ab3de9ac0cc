"""Cross-validate the whole pipeline on the body set: each dump converted by a model that never saw it.

    python scripts/cv_pipeline.py --out /tmp/cv.jsonl          # then it prints score.py's report
    python scripts/cv_pipeline.py --out /tmp/cv.jsonl --repeats   # with the batch's repeated lines
    python scripts/cv_pipeline.py --out /tmp/loso.jsonl --leave-style-out   # an extractor never seen

`make eval` scores the shipped model on the dev set it was trained on (in-sample). Here the line
model is retrained once per page-grouped fold (scripts/train_lines.py, same folds) and each
held-out dump goes through the full pipeline (related lists, titles, articles) with its fold's
model; the records of all folds are then scored together by the body scorer. This is the number
to expect on pages like dev's that the model has not seen. Needs the `train` extra; a few minutes.

With --leave-style-out, each held-out dump is converted by a model trained without its fold's pages
and without its extractor style (train on three styles, score the fourth, for every style and fold):
the estimate for an archive made by an extractor nobody has labeled.

With --score-layouts wrap,browser,nodes (or all), each held-out dump is also converted in those
layouts (scripts/augment.py: other wrap widths, a text browser's page, one text node per line) and
scored as its own style (`inscriptis+browser`): with --leave-style-out, pages and layouts no model
saw, the nearest the dev set comes to an extractor nobody has labeled.

With --models DIR the fold models are kept in DIR and reused by later runs, so that a change to the
rules after the model (which needs no retraining) is cross-validated in the time of one conversion.
A change to features, cue lexicons the model reads, or training needs a fresh DIR.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_lines  # noqa: E402
from augment import augmented  # noqa: E402

from newsdump.model import Dump, Source  # noqa: E402
from newsdump.pipeline import Pipeline, PipelineOptions  # noqa: E402
from newsdump.repeats import count_repeats  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=train_lines.ROOT.parent / "shared/eval/dev/gold.jsonl.gz")
    ap.add_argument("--scorer", type=Path, default=train_lines.ROOT.parent / "shared/eval/score.py")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=0.4)
    ap.add_argument("--inner-folds", type=int, default=None, help="folds of the nested stacking fit")
    ap.add_argument("--leave-style-out", action="store_true", help="train without the held-out style too")
    ap.add_argument("--cache", type=Path, help="pickle of the loaded dumps (as train_lines.py --cache)")
    ap.add_argument(
        "--augment",
        type=train_lines._layouts,
        default=(),
        help="also train on copies in these layouts (wrap,nodes / all)",
    )
    ap.add_argument(
        "--score-layouts",
        type=train_lines._layouts,
        default=(),
        help="also score held-out dumps in these layouts (wrap,browser,nodes / all)",
    )
    ap.add_argument("--models", type=Path, help="keep the fold models here; reuse those already there")
    ap.add_argument("--out", type=Path, required=True, help="where to write the held-out records")
    ap.add_argument(
        "--repeats", action="store_true", help="use the dev batch's repeated-lines table (newsdump repeats)"
    )
    args = ap.parse_args(argv)
    docs = train_lines.main_docs(args.gold, args.scorer, args.cache, args.augment)
    fold = train_lines._folds(docs, args.folds)
    gold = _gold(args.gold)
    copies = {r["id"]: augmented(r, args.score_layouts) for r in gold} if args.score_layouts else {}
    dumps = {r["id"]: _dump(r) for r in gold}
    # Counting repeats reads no labels: the whole batch may be counted, as `newsdump repeats` would.
    repeated = count_repeats(dumps.values()) if args.repeats else None
    inner = args.inner_folds or args.folds - 1
    styles = sorted({_base_style(d) for d in docs}) if args.leave_style_out else [None]
    with tempfile.TemporaryDirectory() as tmp, args.out.open("wb") as out:
        models = args.models or Path(tmp)
        models.mkdir(parents=True, exist_ok=True)
        for style in styles:
            for f in range(args.folds):
                # One file per style and fold: load_model caches by path, a reused name would reuse a model.
                model = models / f"{style or 'all'}-fold{f}.json"
                if not model.exists():
                    train = [d for d, g in zip(docs, fold, strict=True) if g != f and _base_style(d) != style]
                    w1, w2 = train_lines.train(train, inner)
                    data = train_lines.model_data(w1, w2, args.threshold)
                    model.write_text(json.dumps(data), encoding="utf-8")
                pipeline = Pipeline(options=PipelineOptions(model=str(model), repeated=repeated))
                held = [
                    d["id"]
                    for d, g in zip(docs, fold, strict=True)
                    if g == f and style in (None, d["style"]) and not d.get("augmented")
                ]
                for dump_id in held:
                    for dump in [dumps[dump_id], *(_dump(c) for c in copies.get(dump_id, ()))]:
                        for record in pipeline(dump):
                            out.write(orjson.dumps(record) + b"\n")
                print(f"style {style or 'all'}, fold {f}: {len(held)} dumps converted", file=sys.stderr)
        scored = args.gold
        if copies:  # the scorer finds each copy's gold (its page's body) under the copy's id
            scored = Path(tmp) / "gold-with-layouts.jsonl"
            scored.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in gold + sum(copies.values(), [])))
        return subprocess.call([sys.executable, str(args.scorer), str(scored), str(args.out)])


def _base_style(doc: dict) -> str:
    """The extractor style a training dump (or its augmented copy, `inscriptis+wrap`) was made by."""
    return doc["style"].split("+")[0]


def _gold(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _dump(record: dict) -> Dump:
    # The page's URL, where gold has one, lets the repeats table group dumps by site.
    return Dump(record["dump"], Source(path=f"dumps/{record['id']}.txt", url=record.get("url")))


if __name__ == "__main__":
    raise SystemExit(main())
