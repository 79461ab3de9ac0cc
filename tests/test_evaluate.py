"""`newsdump eval` and newsdump.evaluate: the shared scorers' numbers, re-implemented."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from newsdump.cli import app
from newsdump.evaluate import evaluate, gold_format, predict, score_body, score_fine, tokenize
from newsdump.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
needs_shared = pytest.mark.skipif(not (SHARED / "score.py").exists(), reason="../shared/eval is absent")

FINE_GOLD = {
    "id": "en-toy-001",
    "lang": "en",
    "dump": "Home | World | Sport\n\nMayor opens the new harbour bridge\n\n"
    'The mayor said "this bridge joins two halves of the city" at the opening on Monday.\n'
    "Share on Facebook",
    "labels": ["boilerplate", "blank", "title", "blank", "body", "boilerplate"],
    "line_articles": [None, None, 0, 0, 0, 0],
    "articles": [
        {
            "title": "Mayor opens the new harbour bridge",
            "quotes": [
                {"text": "this bridge joins two halves of the city", "speaker": "The mayor", "line": 4}
            ],
            "related": [],
        }
    ],
}


def _shared(name: str) -> Any:
    sys.path.insert(0, str(SHARED))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(SHARED))


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))


def _comparable(result: dict[str, Any]) -> dict[str, Any]:
    """Metrics only: no file names, per-document rows or fields only one side has."""
    drop = {"gold", "pred", "per_doc", "format", "by_lang", "unknown_records", "unknown_ids", "pred_records"}
    return {k: v for k, v in result.items() if k not in drop}


def test_a_perfect_body_prediction_scores_one_and_an_empty_one_zero() -> None:
    gold = [{"id": "a", "dump": "x", "body": "Ein Satz über 北京 und Ärger.", "lang": "de"}]
    perfect = score_body(gold, {"a": [{"body": "ein satz über 北京 und ärger"}]})["groups"]["all"]
    empty = score_body(gold, {})["groups"]["all"]
    assert perfect["macro"]["f1"] == pytest.approx(1.0)
    assert empty["macro"]["f1"] == 0.0 and empty["missing"] == 1


def test_fine_scoring_of_records_that_copy_the_gold() -> None:
    record = {
        "body": "The mayor said ...",
        "title": "Mayor opens the new harbour bridge",
        "related": [],
        "quotes": [{"text": "this bridge joins two halves of the city", "speaker": "mayor"}],
        "diagnostics": {
            "segments": [{"label": label, "lines": [n, n]} for n, label in enumerate(FINE_GOLD["labels"], 1)]
        },
    }
    result = score_fine([FINE_GOLD], {"en-toy-001": [record]})
    assert result["lines"]["accuracy"] == 1.0
    assert result["titles"]["f1"] == 1.0
    assert result["quotes"]["f1"] == 1.0 and result["quotes"]["speaker_accuracy"] == 1.0
    assert result["articles_count_accuracy"] == 1.0


def test_gold_format_is_told_by_line_articles() -> None:
    assert gold_format([FINE_GOLD]) == "fine"
    assert gold_format([{"id": "x", "dump": "a", "labels": ["body"], "body": "a"}]) == "body"
    with pytest.raises(ValueError):
        gold_format([{"labels": []}])


def test_eval_command_prints_the_fine_report_json_and_html(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    _write_jsonl(gold, [FINE_GOLD])
    page = tmp_path / "eval.html"
    result = CliRunner().invoke(app, ["eval", str(gold), "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "format: fine" in result.output
    assert "lines: accuracy" in result.output and "quotes: P" in result.output
    html = page.read_text(encoding="utf-8")
    assert 'dir="auto"' in html and "en-toy-001" in html and "Mayor opens" in html
    as_json = json.loads(CliRunner().invoke(app, ["eval", str(gold), "--json"]).output)
    assert as_json["docs"] == 1 and set(as_json["lines"]["by_label"]) >= {"title", "body", "boilerplate"}


def test_eval_command_reports_a_missing_gold_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "newsdump: error:" in result.output


@needs_shared
def test_tokens_equal_the_shared_scorer_tokens() -> None:
    score = _shared("score")
    texts = ["بِسْمِ اللّهِ الرَّحْمـَنِ", "می‌خواهم", "北京市に行きます", "ＦＵＬＬ width №5 x_y", "Ärger—naïve ﬁ"]
    for text in texts:
        assert tokenize(text) == score.tokenize(text)


@needs_shared
def test_fine_numbers_agree_with_score_fine(tmp_path: Path) -> None:
    gold_path = SHARED / "fine" / "dev.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records, _ = predict(gold, Pipeline().label)
    pred = tmp_path / "fine.jsonl"
    _write_jsonl(pred, [r for rid in records for r in records[rid]])
    ours = evaluate(gold, records)
    theirs = _shared("score_fine").score(str(gold_path), str(pred))
    assert theirs["unknown_records"] == 0
    assert _comparable(ours) == _comparable(theirs)


@needs_shared
def test_body_numbers_agree_with_score_on_a_slice(tmp_path: Path) -> None:
    import gzip

    with gzip.open(SHARED / "dev" / "gold.jsonl.gz", "rt", encoding="utf-8") as fh:
        gold = [json.loads(line) for k, line in enumerate(fh) if k % 30 == 0]  # 31 dumps, all languages
    gold_path, pred = tmp_path / "gold.jsonl", tmp_path / "dev.jsonl"
    _write_jsonl(gold_path, gold)
    records, _ = predict(gold, Pipeline().label)
    _write_jsonl(pred, [r for rid in records for r in records[rid]])
    ours = evaluate(gold, records)
    theirs, _ = _shared("score").score(str(gold_path), str(pred))
    assert theirs["unknown_ids"] == 0
    assert ours["groups"] == theirs["groups"]


def test_eval_command_scores_the_body_format_and_pages_the_worst_dumps(tmp_path: Path) -> None:
    prose = "The council voted on Tuesday to rebuild the old sea wall before the winter storms arrive."
    gold = [
        {
            "id": f"en-{k}",
            "lang": "en",
            "style": "toy",
            "dump": f"Home\nNews\n\n{prose}\n\nShare",
            "body": prose,
            "title": None,
            "labels": ["other", "other", "blank", "body", "blank", "other"],
        }  # fmt: skip
        for k in range(3)
    ]
    path, page = tmp_path / "gold.jsonl", tmp_path / "eval.html"
    _write_jsonl(path, gold)
    result = CliRunner().invoke(
        app, ["eval", str(path), "--limit", "2", "--html", str(page), "--html-docs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "format: body  dumps: 2" in result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines()[3:]}
    assert set(lines) == {"all", "lang=en", "style=toy", "source=en"}
    assert lines["all"][1] == "2"
    html = page.read_text(encoding="utf-8")
    assert html.count("<h2 ") == 1 and "gold</th>" in html
