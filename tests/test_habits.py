"""A user's habits (issue 16) and the output faults of issue 17: file modes, outputs that are inputs,
devices and symlinks, ISO 639-1 languages, usage errors, pipes, shards and Parquet."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import zstandard
from dumps import PROSE, make_dumps
from typer.testing import CliRunner

from newsdump import langid
from newsdump.cli import app

runner = CliRunner()


def convert(*args: str) -> tuple[int, bytes, str]:
    """Exit status, stdout, and stderr with typer's error box flattened to plain words."""
    result = runner.invoke(app, ["convert", "-q", "-w", "1", *args])
    err = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stderr).split())
    return result.exit_code, result.stdout_bytes, err


def run(*args: str, stdin: bytes = b"", timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """The real command in a subprocess, stderr a pipe (not a terminal)."""
    command = [sys.executable, "-c", "from newsdump.cli import main; main()", *args]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=timeout)


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o027)
    yield
    os.umask(old)


# --- output files: modes, inputs, devices, symlinks -------------------------------------------------


def test_output_files_honour_the_umask_and_keep_an_existing_mode(tmp_path: Path, umask: None) -> None:
    [dump] = make_dumps(tmp_path / "in", 1)
    out = tmp_path / "out.jsonl.gz"
    assert convert(str(dump), "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # 0666 less umask 027, as `>` gives
    out.chmod(0o604)
    assert convert(str(dump), "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o604
    assert convert(str(tmp_path / "in"), "--output-dir", str(tmp_path / "dir"))[0] == 0
    assert stat.S_IMODE((tmp_path / "dir" / "d00.txt.jsonl").stat().st_mode) == 0o640


def test_output_naming_an_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    paths = make_dumps(tmp_path / "in", 3)
    before = paths[1].read_bytes()
    code, out, err = convert(str(paths[0]), str(paths[1]), "-o", str(paths[1]))
    assert code == 2 and "is one of the inputs" in err and paths[1].read_bytes() == before
    link = tmp_path / "link.txt"
    link.symlink_to(paths[0])  # the same file under another name, inside a folder given as input
    code, _, err = convert(str(tmp_path / "in"), "-o", str(link))
    assert code == 2 and "is one of the inputs" in err


def test_output_onto_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    [dump] = make_dumps(tmp_path / "in", 1)
    target, link = tmp_path / "real.jsonl", tmp_path / "link.jsonl"
    target.write_bytes(b"old\n")
    link.symlink_to(target)
    assert convert(str(dump), "-o", str(link))[0] == 0
    assert link.is_symlink() and orjson.loads(target.read_bytes().splitlines()[0])["article"] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "link.jsonl", "real.jsonl"]


def test_output_onto_a_named_pipe_writes_through_it(tmp_path: Path) -> None:
    [dump] = make_dumps(tmp_path / "in", 1)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert convert(str(dump), "-o", str(fifo))[0] == 0
    reader.join(30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe, not a file renamed over it
    assert orjson.loads(got[0].splitlines()[0])["source"]["path"] == str(dump)


def test_output_to_dev_stdout_and_dev_null_keeps_the_nodes() -> None:
    done = run("convert", "-q", "-", "-o", "/dev/stdout", stdin=PROSE.encode())
    assert done.returncode == 0 and orjson.loads(done.stdout)["lang"] == "en"
    done = run("convert", "-q", "-", "-o", "/dev/null", stdin=PROSE.encode())
    assert done.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_error_names_the_users_output_not_the_temporary_file(tmp_path: Path) -> None:
    [dump] = make_dumps(tmp_path / "in", 1)
    wanted = tmp_path / "missing" / "out.jsonl"
    code, _, err = convert(str(dump), "-o", str(wanted))
    assert code == 1 and f"cannot write {wanted}:" in err and ".part" not in err


def test_output_dir_inside_an_input_folder_does_not_convert_its_outputs(tmp_path: Path) -> None:
    make_dumps(tmp_path / "in", 3)
    out_dir = tmp_path / "in" / "out"
    for _ in range(2):
        assert convert(str(tmp_path / "in"), "--output-dir", str(out_dir))[0] == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["d00.txt.jsonl", "d01.txt.jsonl", "d02.txt.jsonl"]


# --- shards, compression by suffix, Parquet ----------------------------------------------------------


def read_jsonl_zst(path: Path) -> list[dict]:
    with zstandard.ZstdDecompressor().stream_reader(path.open("rb")) as reader:
        return [orjson.loads(line) for line in reader.read().splitlines()]


def test_output_dir_shards_by_record_count_and_compresses_by_suffix(tmp_path: Path) -> None:
    make_dumps(tmp_path / "in", 5)
    code, whole, _ = convert(str(tmp_path / "in"))
    out_dir = tmp_path / "shards"
    (out_dir).mkdir()
    (out_dir / "part-00007.jsonl.zst").write_bytes(b"from an earlier, longer run")
    args = ("--output-dir", str(out_dir), "--suffix", ".jsonl.zst", "--shard-records", "2")
    assert convert(str(tmp_path / "in"), *args)[0] == 0
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == ["part-00000.jsonl.zst", "part-00001.jsonl.zst", "part-00002.jsonl.zst"]
    records = [r for name in names for r in read_jsonl_zst(out_dir / name)]
    assert [len(read_jsonl_zst(out_dir / n)) for n in names] == [2, 2, 1]
    assert records == [orjson.loads(line) for line in whole.splitlines()]


def test_output_dir_shards_by_size(tmp_path: Path) -> None:
    make_dumps(tmp_path / "in", 4)
    out_dir = tmp_path / "shards"
    assert convert(str(tmp_path / "in"), "--output-dir", str(out_dir), "--shard-size", "3k")[0] == 0
    sizes = [p.stat().st_size for p in sorted(out_dir.iterdir())]
    assert len(sizes) > 1 and all(size <= 3000 for size in sizes[:-1])
    code, _, err = convert(str(tmp_path / "in"), "--output-dir", str(out_dir), "--shard-size", "lots")
    assert code == 2 and "no size" in err


def test_parquet_output_one_row_per_record(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    make_dumps(tmp_path / "in", 3)
    _, whole, _ = convert(str(tmp_path / "in"))
    assert convert(str(tmp_path / "in"), "-o", str(tmp_path / "out.parquet"))[0] == 0
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    records = [orjson.loads(line) for line in whole.splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert rows[0]["source"]["path"] == records[0]["source"]["path"]
    assert orjson.loads(rows[0]["diagnostics"]) == records[0]["diagnostics"]
    assert rows[0]["body"] == records[0]["body"]


def test_parquet_without_pyarrow_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdump.parquet

    monkeypatch.setattr(newsdump.parquet, "missing_pyarrow", lambda: "Parquet output needs pyarrow: pip")
    [dump] = make_dumps(tmp_path / "in", 1)
    code, _, err = convert(str(dump), "-o", str(tmp_path / "out.parquet"))
    assert code == 2 and "needs pyarrow" in err and not (tmp_path / "out.parquet").exists()


# --- languages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("佢哋話今日嘅天氣好熱，所以我哋唔去公園喇，留喺屋企睇電視。", "zh"),  # Cantonese: yue
        ("今朝侬吃过饭了伐？阿拉一道去外滩白相好伐？", "zh"),  # Shanghainese: wuu
        ("شنو بغيتي دابا؟ واش غادي تمشي معانا للسوق ولا لا؟", "ar"),  # Moroccan: ary
        (PROSE, "en"),
    ],
)
def test_lang_is_always_iso_639_1(text: str, lang: str) -> None:
    assert langid.detect([text]) == lang


@pytest.mark.parametrize("text", ["hello", "hello world", "zzzz xxxx qqqq", "Trump"])
def test_too_little_evidence_gives_null_and_a_warning(text: str) -> None:
    result = runner.invoke(app, ["convert", "-q", "-"], input=text + "\n")
    [record] = [orjson.loads(line) for line in result.stdout_bytes.splitlines()]
    assert record["lang"] is None
    assert any("language not identified" in w for w in record["diagnostics"]["warnings"])


def test_identifier_codes_are_mapped_or_given_way() -> None:
    assert [langid.iso_639_1(c) for c in ("yue", "wuu", "arz", "en", "fuv", "zxx")] == [
        "zh", "zh", "ar", "en", None, None
    ]  # fmt: skip


def test_lang_option_is_validated_and_sets_the_records_lang(tmp_path: Path) -> None:
    [dump] = make_dumps(tmp_path / "in", 1)
    code, _, err = convert(str(dump), "--lang", str(dump))
    assert code == 2 and "ISO 639-1" in err
    assert convert(str(dump), "--lang", "xx")[0] == 2
    long_english = tmp_path / "long.txt"
    long_english.write_text("Budget\n\n" + PROSE * 12)  # long enough for the per-article detection
    code, out, _ = convert(str(long_english), "--lang", "FR")
    assert code == 0 and {orjson.loads(line)["lang"] for line in out.splitlines()} == {"fr"}


# --- options files, scheduler, workers -----------------------------------------------------------------


@pytest.mark.parametrize("content", ["[]", "null", "{}", "not json"])
@pytest.mark.parametrize("option", ["--model", "--repeats-table"])
def test_bad_model_or_table_file_is_one_clear_usage_error(tmp_path: Path, option: str, content: str) -> None:
    [dump] = make_dumps(tmp_path / "in", 1)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    done = run("convert", str(dump), option, str(bad))
    err = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in err and len(err.splitlines()) == 1
    assert f"cannot use {bad}: " in err
    assert any(word in err for word in ("holds a JSON list", "holds null", "no field", "not JSON"))


def test_scheduler_without_the_dask_extra_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # importing it fails as if not installed
    [dump] = make_dumps(tmp_path / "in", 1)
    code, _, err = convert(str(dump), "--scheduler", "local:1", "--output-dir", str(tmp_path / "out"))
    assert code == 2 and "pip install 'newsdump[dask]'" in err


def test_workers_are_capped_at_the_cores_with_a_note(tmp_path: Path) -> None:
    make_dumps(tmp_path / "in", 3)
    result = runner.invoke(app, ["convert", "-w", "10000", str(tmp_path / "in")])
    assert result.exit_code == 0 and len(result.stdout_bytes.splitlines()) == 3
    assert "--workers 10000 capped at" in result.stderr


# --- CLI conventions -------------------------------------------------------------------------------------


def test_short_help_and_version() -> None:
    from newsdump import __version__

    assert runner.invoke(app, ["-V"]).stdout.strip() == f"newsdump {__version__}"
    assert "Usage" in runner.invoke(app, ["convert", "-h"]).stdout


def test_usage_error_is_one_plain_line_when_stderr_is_not_a_terminal() -> None:
    done = run("convert", "--workers", "many", "x.txt")
    err = done.stderr.decode()
    assert done.returncode == 2 and len(err.splitlines()) == 1 and "╭" not in err
    assert err.startswith("newsdump convert: error: ") and "--workers" in err


def test_typers_shell_completion_is_there() -> None:
    env = {
        **os.environ,
        "_NEWSDUMP_COMPLETE": "complete_bash",
        "COMP_WORDS": "newsdump con",
        "COMP_CWORD": "1",
    }
    command = [
        sys.executable,
        "-c",
        "import sys; sys.argv[0] = 'newsdump'; from newsdump.cli import main; main()",
    ]
    done = subprocess.run(command, capture_output=True, env=env, timeout=60)
    assert b"convert" in done.stdout


@pytest.mark.parametrize("args", [["inspect", "{dump}"], ["--help"], ["convert", "--help"]])
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path, args: list[str]) -> None:
    dump = tmp_path / "many-lines.txt"
    dump.write_text("Title\n\n" + PROSE * 2000)  # far more than a pipe holds
    command = [sys.executable, "-c", "from newsdump.cli import main; main()"]
    command += [arg.format(dump=dump) for arg in args]
    # `true` reads nothing and exits at once: every write of the command meets a closed pipe
    shell = f"{' '.join(map(repr, command))} | true; echo ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, timeout=120)
    assert (done.stdout.strip(), done.stderr) == (b"0", b"")
