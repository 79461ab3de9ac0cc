"""Scaling out: Dask runs give the same records as a local run, resume, and survive a killed worker."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")
fsspec = pytest.importorskip("fsspec")

from newsdump.convert import convert_paths  # noqa: E402
from newsdump.model import InputError  # noqa: E402
from newsdump.scale import FileResult, convert_file, expand, output_url, run_on_dask, split_range  # noqa: E402

DUMPS = {
    "a/one.txt": "Menu\nHome\n\nThe council approved the new budget on Monday after a long debate about schools.\n",
    "a/two.txt": "Second story\n\nFarmers said the dry spring had cut the wheat harvest by a third this year.\n",
    "b/three.txt": "«Nous continuerons», a déclaré la ministre lors d'une longue conférence de presse à Paris.\n",
    "b/four.txt": "Короткая новость о погоде: завтра в городе ожидается сильный дождь и ветер до вечера.\n",
}


def _write_tree(root: Path) -> None:
    for name, text in DUMPS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _local_bytes(path: str) -> bytes:
    return b"".join(item.data for item in convert_paths([path]) if not isinstance(item, InputError))


def test_output_names_keep_the_relative_path() -> None:
    assert output_url("/in/a/one.txt", "/in", "/out") == "/out/a__one.txt.jsonl"
    assert output_url("memory://in/x.txt", "memory://in", "memory://out/") == "memory://out/x.txt.jsonl"


def test_local_cluster_matches_single_process_run(tmp_path: Path) -> None:
    _write_tree(tmp_path / "in")
    results = list(run_on_dask([str(tmp_path / "in")], str(tmp_path / "out"), "local:2"))
    assert sorted(r.input for r in results) == sorted(str(tmp_path / "in" / n) for n in DUMPS)
    for name in DUMPS:
        produced = (tmp_path / "out" / (name.replace("/", "__") + ".jsonl")).read_bytes()
        assert produced == _local_bytes(str(tmp_path / "in" / name))
    assert not list((tmp_path / "out").glob("*.part"))


def test_memory_urls_in_and_out() -> None:
    fs = fsspec.filesystem("memory")
    for name, text in DUMPS.items():
        fs.pipe(f"/nd-in/{name}", text.encode())
    results = list(run_on_dask(["memory://nd-in"], "memory://nd-out", "local:2"))
    assert len(results) == len(DUMPS) and all(r.dumps == 1 and not r.errors for r in results)
    assert sorted(p.rsplit("/", 1)[-1] for p in fs.ls("/nd-out", detail=False)) == sorted(
        n.replace("/", "__") + ".jsonl" for n in DUMPS
    )


def test_resume_skips_finished_outputs(tmp_path: Path) -> None:
    _write_tree(tmp_path / "in")
    (tmp_path / "out").mkdir()
    done = tmp_path / "out" / "a__one.txt.jsonl"
    done.write_bytes(b"kept\n")
    results = list(run_on_dask([str(tmp_path / "in")], str(tmp_path / "out"), "local:2", resume=True))
    assert sum(r.skipped for r in results) == 1
    assert done.read_bytes() == b"kept\n"
    assert len(list((tmp_path / "out").glob("*.jsonl"))) == len(DUMPS)


def die_once_then_convert(input_url: str, output: str, *args: object) -> FileResult:
    """A task whose worker process dies the first time it runs (a marker file records the death)."""
    marker = Path(output + ".died")
    if input_url.endswith("one.txt") and not marker.exists():
        marker.write_text("x")
        os._exit(1)
    return convert_file(input_url, output, *args)  # type: ignore[arg-type]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_worker_is_retried_and_nothing_is_lost(tmp_path: Path, workers: int) -> None:
    import cloudpickle

    import tests.test_scale as this  # noqa: PLW0406

    cloudpickle.register_pickle_by_value(this)
    _write_tree(tmp_path / "in")
    results = list(
        run_on_dask(
            [str(tmp_path / "in")], str(tmp_path / "out"), f"local:{workers}", task=die_once_then_convert
        )
    )
    assert sorted(r.input for r in results) == sorted(expand([str(tmp_path / "in")]))
    assert (tmp_path / "out" / "a__one.txt.jsonl.died").exists()
    assert (tmp_path / "out" / "a__one.txt.jsonl").read_bytes() == _local_bytes(
        str(tmp_path / "in" / "a" / "one.txt")
    )


def test_cli_scheduler_writes_one_file_per_input(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsdump.cli import app

    _write_tree(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["convert", "-q", str(tmp_path / "in"), "--output-dir", str(out), "--scheduler", "local:2"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(n.replace("/", "__") + ".jsonl" for n in DUMPS)
    refused = CliRunner().invoke(app, ["convert", str(tmp_path / "in"), "--scheduler", "local:2"])
    assert refused.exit_code == 2


def test_split_range_cuts_consecutive_near_equal_pieces() -> None:
    assert split_range(10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert split_range(2, 5) == [(0, 1), (1, 2)]
    assert split_range(0, 4) == [(0, 0)]


def _big_jsonl(path: Path) -> int:
    """12 dumps and one broken line, as one JSONL input; returns its size."""
    import orjson

    texts = [text.replace("\n\n", f"\n\nItem {i}.\n") for i in range(3) for text in DUMPS.values()]
    lines = [orjson.dumps({"text": t, "url": f"https://example.org/{i}"}) for i, t in enumerate(texts)]
    lines.insert(5, b"{not json")
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path.stat().st_size


def record_chunk(
    input_url: str, output: str, *args: object, items: tuple[int, int] | None = None
) -> FileResult:
    """convert_file that leaves a marker per chunk task, so a test can count them."""
    Path(output + ".seen").write_text(repr(items))
    return convert_file(input_url, output, *args, items=items)  # type: ignore[arg-type]


def test_a_large_input_is_split_into_chunk_tasks_with_identical_output(tmp_path: Path) -> None:
    import cloudpickle

    import tests.test_scale as this  # noqa: PLW0406

    cloudpickle.register_pickle_by_value(this)
    (tmp_path / "in").mkdir()
    size = _big_jsonl(tmp_path / "in" / "big.jsonl")
    out = tmp_path / "out"
    out.mkdir()
    results = list(
        run_on_dask(
            [str(tmp_path / "in")],
            str(out),
            "local:2",
            task=record_chunk,
            chunk_bytes=size // 4 + 1,
            max_chunks=3,
        )
    )
    assert len(results) == 1 and results[0].dumps == 12
    assert len(results[0].errors) == 1 and "line 6" in results[0].errors[0]
    assert len(list(out.glob("*.chunk*.seen"))) == 3  # 4 by size, capped at max_chunks
    assert (out / "big.jsonl.jsonl").read_bytes() == _local_bytes(str(tmp_path / "in" / "big.jsonl"))
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".seen")) == ["big.jsonl.jsonl"]


def test_resume_keeps_the_finished_chunks_of_a_large_input(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    size = _big_jsonl(tmp_path / "in" / "big.jsonl")
    out = tmp_path / "out"
    out.mkdir()
    (out / "big.jsonl.jsonl.chunk00001").write_bytes(b"kept\n")
    results = list(
        run_on_dask([str(tmp_path / "in")], str(out), "local:2", resume=True, chunk_bytes=size // 4 + 1)
    )
    produced = (out / "big.jsonl.jsonl").read_bytes()
    local = _local_bytes(str(tmp_path / "in" / "big.jsonl"))
    assert produced.count(b"kept\n") == 1 and produced != local
    assert produced.endswith(local.splitlines(keepends=True)[-1])
    assert results[0].dumps < 12 and [p.name for p in out.iterdir()] == ["big.jsonl.jsonl"]


def test_a_local_cluster_does_not_need_the_dashboard_port() -> None:
    import socket
    import warnings

    from newsdump.scale import dask_client

    with socket.socket() as held, warnings.catch_warnings():
        with contextlib.suppress(OSError):  # already taken by someone else: just as good
            held.bind(("", 8787))
            held.listen()
        warnings.simplefilter("error")  # "Port 8787 is already in use" is a UserWarning
        with dask_client("local:1", in_memory=True) as client:
            assert client.submit(len, "abc").result() == 3


def test_inputs_enough_to_keep_the_cluster_busy_are_not_split(tmp_path: Path) -> None:
    import cloudpickle

    import tests.test_scale as this  # noqa: PLW0406

    cloudpickle.register_pickle_by_value(this)
    (tmp_path / "in").mkdir()
    sizes = [_big_jsonl(tmp_path / "in" / f"big{i}.jsonl") for i in range(4)]  # 2 workers: 2 tasks each
    (tmp_path / "out").mkdir()
    out = tmp_path / "out"
    results = list(
        run_on_dask(
            [str(tmp_path / "in")], str(out), "local:2", task=record_chunk, chunk_bytes=min(sizes) // 4
        )
    )
    assert len(results) == 4 and all(r.dumps == 12 for r in results)
    assert len(list(out.glob("*.seen"))) == 4
    assert not list(out.glob("*.chunk*"))


def test_pipeline_options_reach_every_task(tmp_path: Path) -> None:
    from newsdump.pipeline import PipelineOptions

    _write_tree(tmp_path / "in")
    forced = PipelineOptions(lang="de")
    list(run_on_dask([str(tmp_path / "in")], str(tmp_path / "out"), "local:2", options=forced))
    for name in DUMPS:
        produced = (tmp_path / "out" / (name.replace("/", "__") + ".jsonl")).read_bytes()
        local = b"".join(i.data for i in convert_paths([str(tmp_path / "in" / name)], options=forced))  # type: ignore[union-attr]
        assert produced == local and b'"lang":"de"' in produced
