"""The `newsdump convert` command: inputs, outputs, exit codes, signals, pipes, workers and resume.

CliRunner for options and outputs; real subprocesses where pipes and signals matter."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
import zstandard
from typer.testing import CliRunner

from newsdump.cli import app
from newsdump.convert import Converted, convert_dump, convert_stream
from newsdump.model import Dump, InputError, Source

PROSE = "The council approved the new budget on Tuesday after a long debate about school funding.\n"
runner = CliRunner()


def make_dumps(folder: Path, count: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"d{number:02}.txt"
        path.write_text(f"Budget story number {number}\n\n{PROSE * (number + 1)}Source: the wire\n")
        paths.append(path)
    return paths


def invoke(*args: str, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    result = runner.invoke(app, ["convert", *args], input=stdin)
    return result.exit_code, result.stdout_bytes, result.stderr


def paths_of(output: bytes) -> list[str]:
    return [orjson.loads(line)["source"]["path"] for line in output.splitlines()]


def test_folder_and_files_in_order_with_nothing_on_stderr(tmp_path: Path) -> None:
    paths = make_dumps(tmp_path)
    code, out, err = invoke("-w", "1", str(tmp_path))
    assert (code, err) == (0, "")
    assert paths_of(out) == [str(p) for p in paths]
    code, out, _ = invoke("-w", "1", str(paths[2]), str(paths[0]))
    assert paths_of(out) == [str(paths[2]), str(paths[0])]


def test_stdin_with_dash_and_without_arguments(tmp_path: Path) -> None:
    data = gzip.compress(PROSE.encode() * 3)
    for args in (["-"], []):
        code, out, _ = invoke("-w", "1", *args, stdin=data)
        assert code == 0 and paths_of(out) == ["-"]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.xz", ".jsonl.bz2"])
def test_output_file_compressed_and_byte_identical_on_rerun(tmp_path: Path, suffix: str) -> None:
    make_dumps(tmp_path / "in")
    target = tmp_path / f"out{suffix}"
    assert invoke("-w", "1", str(tmp_path / "in"), "-o", str(target))[0] == 0
    first = target.read_bytes()
    assert invoke("-w", "1", str(tmp_path / "in"), "-o", str(target))[0] == 0
    assert target.read_bytes() == first
    if suffix == ".jsonl.zst":
        plain = zstandard.ZstdDecompressor().decompressobj().decompress(first)
        assert len(plain.splitlines()) >= 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", target.name]


def test_workers_keep_order_and_bytes(tmp_path: Path) -> None:
    make_dumps(tmp_path, 12)
    one = invoke("-w", "1", str(tmp_path))
    two = invoke("-w", "2", str(tmp_path))
    assert one[0] == two[0] == 0 and one[1] == two[1]


@pytest.mark.parametrize(
    "args",
    [["--no-such-option"], ["-o", "x.jsonl", "--output-dir", "d"], ["--resume"], ["--workers", "-1"]],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    code, out, err = invoke(*args, str(tmp_path))
    assert code == 2 and out == b"" and "Traceback" not in err


def test_missing_input_is_exit_1_with_one_line(tmp_path: Path) -> None:
    make_dumps(tmp_path, 1)
    code, out, err = invoke("-w", "1", str(tmp_path / "missing.txt"), str(tmp_path / "d00.txt"))
    assert code == 1 and paths_of(out) == [str(tmp_path / "d00.txt")]
    assert err == f"newsdump: error: {tmp_path / 'missing.txt'}: No such file or directory\n"


def test_output_dir_and_resume(tmp_path: Path) -> None:
    paths = make_dumps(tmp_path / "in")
    out = tmp_path / "out"
    assert invoke("-w", "2", str(tmp_path / "in"), "--output-dir", str(out))[0] == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [p.name + ".jsonl" for p in paths]
    (out / "d01.txt.jsonl").write_bytes(b"kept\n")  # finished: --resume must not touch it
    (out / "d02.txt.jsonl").unlink()  # lost in a crash: --resume redoes it
    before = (out / "d00.txt.jsonl").read_bytes()
    assert invoke("-w", "1", str(tmp_path / "in"), "--output-dir", str(out), "--resume")[0] == 0
    assert (out / "d01.txt.jsonl").read_bytes() == b"kept\n"
    assert paths_of((out / "d02.txt.jsonl").read_bytes()) == [str(paths[2])]
    assert (out / "d00.txt.jsonl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left


def _die_on_poison(dump: Dump) -> Converted:
    if "POISON" in dump.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return convert_dump(dump)


def test_a_killed_worker_is_reported_and_the_run_goes_on() -> None:
    texts = [PROSE, PROSE, "POISON\n" + PROSE, PROSE, PROSE]
    dumps = [Dump(text=t, source=Source(path=f"in{n}.txt")) for n, t in enumerate(texts)]
    results = list(convert_stream(dumps, workers=2, converter=_die_on_poison, window=3))
    assert [type(r).__name__ for r in results] == ["Converted"] * 2 + ["InputError"] + ["Converted"] * 2
    assert isinstance(results[2], InputError) and results[2].where == "in2.txt"
    assert "worker process died" in results[2].message
    assert [r.source for r in results if isinstance(r, Converted)] == [
        "in0.txt",
        "in1.txt",
        "in3.txt",
        "in4.txt",
    ]


def run_cli(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "newsdump", "convert", *args], env=env, stderr=subprocess.PIPE, **kwargs
    )  # type: ignore[call-overload]


def test_head_closes_the_pipe_quietly(tmp_path: Path) -> None:
    make_dumps(tmp_path, 40)
    for number in range(40):
        (tmp_path / f"d{number:02}.txt").write_text(PROSE * 200)
    producer = run_cli("-w", "1", str(tmp_path), stdout=subprocess.PIPE)
    head = subprocess.run(["head", "-c", "100"], stdin=producer.stdout, capture_output=True, check=True)
    producer.stdout.close()  # type: ignore[union-attr]
    assert producer.wait(timeout=120) == 0
    assert producer.stderr.read() == b""  # type: ignore[union-attr]
    assert len(head.stdout) == 100


STDIN_SIGNAL_RACE = (
    "known bug, intermittent: a signal that arrives while the run blocks reading an open stdin is "
    "sometimes not acted on (seen with both 1 and 2 workers; files as input are not affected)"
)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("had_previous", [False, True])
@pytest.mark.xfail(reason=STDIN_SIGNAL_RACE, strict=False)
@pytest.mark.parametrize("workers", ["1", "2"])
def test_signals_exit_cleanly_and_leave_no_partial_output(
    tmp_path: Path, sig: signal.Signals, code: int, had_previous: bool, workers: str
) -> None:
    target = tmp_path / "out.jsonl"
    if had_previous:
        target.write_bytes(b"previous\n")
    # Stdin stays open, so the run waits for input until the signal comes.
    process = run_cli("-w", workers, "-", "-o", str(target), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".newsdump-*.part")):  # wait until the output is being written
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.stdin.write(PROSE.encode())  # type: ignore[union-attr]
    process.stdin.flush()  # type: ignore[union-attr]
    process.send_signal(sig)
    try:
        assert process.wait(timeout=20) == code
    finally:
        process.kill()
    stderr = process.stderr.read().decode()  # type: ignore[union-attr]
    process.stdin.close()  # type: ignore[union-attr]
    assert "Traceback" not in stderr and stderr.startswith("newsdump: error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out.jsonl"] if had_previous else [])
    if had_previous:
        assert target.read_bytes() == b"previous\n"


def test_python_dash_m_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "newsdump", "--version"], capture_output=True, check=True)
    assert result.stdout.startswith(b"newsdump ")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_clear_error(tmp_path: Path) -> None:
    make_dumps(tmp_path, 2)
    with open("/dev/full", "wb") as full:
        process = run_cli("-w", "1", str(tmp_path), stdout=full)
        assert process.wait(timeout=60) == 1
    stderr = process.stderr.read().decode()  # type: ignore[union-attr]
    assert stderr == "newsdump: error: cannot write stdout: No space left on device\n"


def test_output_dir_names_inputs_alike_apart(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(PROSE)
    out = tmp_path / "out"
    code, _, _ = invoke(
        "-w", "1", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "--output-dir", str(out)
    )
    assert code == 0
    assert paths_of((out / "x.txt.jsonl").read_bytes()) == [str(tmp_path / "a" / "x.txt")]
    assert paths_of((out / "x.txt~2.jsonl").read_bytes()) == [str(tmp_path / "b" / "x.txt")]


def test_progress_and_summary_only_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    import pty

    paths = make_dumps(tmp_path, 3)
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdump", "convert", "-w", "1", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    out = process.stdout.read()  # type: ignore[union-attr]
    assert process.wait(timeout=60) == 0
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal's other end is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert paths_of(out) == [str(p) for p in paths]  # stdout carries data only
    assert b"newsdump: 3 dumps" in shown


def test_jsonl_with_text_field_keeps_other_fields(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(orjson.dumps({"content": PROSE, "site": "x", "url": "https://news.example/a"}) + b"\n")
    code, out, err = invoke("-w", "1", str(path), "--text-field", "content")
    [record] = [orjson.loads(line) for line in out.splitlines()]
    assert (code, err) == (0, "")
    assert record["source"]["meta"] == {"site": "x", "url": "https://news.example/a"}
    assert record["source"]["url"] == "https://news.example/a"
    assert record["diagnostics"]["encoding"] == "json"
    code, _, err = invoke("-w", "1", str(path), "--text-field", "body")
    assert (
        code == 1
        and err == f"newsdump: error: {path}: line 1: text field 'body' is missing (see --text-field)\n"
    )


def test_sigint_works_when_the_parent_blocks_it(tmp_path: Path) -> None:
    """Host programs with threads (dask, for one) may block SIGINT; children inherit the mask."""
    target = tmp_path / "out.jsonl"
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        process = run_cli("-", "-o", str(target), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".newsdump-*.part")):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130
    process.stdin.close()  # type: ignore[union-attr]
    assert list(tmp_path.iterdir()) == []
