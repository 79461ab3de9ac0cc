"""`newsdump stats`: counts over records, or over dumps labeled on the fly."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import orjson
from typer.testing import CliRunner

from newsdump.assemble import assemble_records
from newsdump.cli import app
from newsdump.pipeline import Pipeline
from newsdump.readers import iter_dumps

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _dumps_and_records(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "dumps"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    pipeline = Pipeline()
    records = [r for dump in iter_dumps([str(folder)]) for r in assemble_records(pipeline.label(dump))]
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return folder, out


def _stats(*args: str) -> dict:
    result = CliRunner().invoke(app, ["stats", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_stats_of_records_count_dumps_articles_and_lines(tmp_path: Path) -> None:
    folder, out = _dumps_and_records(tmp_path)
    stats = _stats(str(out))
    n_samples = len(list(folder.iterdir()))
    total_lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in folder.iterdir())
    assert stats["dumps"] == n_samples
    assert stats["articles"] >= n_samples  # the seed holds two articles
    assert sum(stats["labels"].values()) == total_lines  # every line counted once
    assert sum(stats["languages"].values()) == stats["articles"]
    assert {"ar", "en", "fr", "ru", "zh"} <= set(stats["languages"])
    assert sum(stats["boilerplate_kinds"].values()) == stats["labels"]["boilerplate"]
    assert stats["quotes"] >= stats["quotes_with_speaker"] > 0
    assert stats["related"] == stats["labels"]["related"]


def test_stats_on_dumps_equal_stats_on_their_records(tmp_path: Path) -> None:
    folder, out = _dumps_and_records(tmp_path)
    gz = tmp_path / "out.jsonl.gz"
    gz.write_bytes(gzip.compress(out.read_bytes()))
    assert _stats(str(folder)) == _stats(str(out)) == _stats(str(gz))


def test_stats_table_shows_totals_and_breakdowns(tmp_path: Path) -> None:
    _, out = _dumps_and_records(tmp_path)
    result = CliRunner().invoke(app, ["stats", str(out)])
    assert result.exit_code == 0
    for heading in ("dumps", "articles", "related links", "languages", "lines by label", "boilerplate kinds"):
        assert heading in result.output


def test_stats_reports_unreadable_inputs_and_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["stats", str(tmp_path / "missing.txt"), "--json"])
    assert result.exit_code == 1
    assert "newsdump: error:" in result.output
