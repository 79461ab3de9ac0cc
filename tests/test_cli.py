"""The `newsdump convert` command: inputs, outputs, exit codes, signals, pipes, workers and resume.

CliRunner for options and outputs; real subprocesses where pipes and signals matter."""

from __future__ import annotations

import array
import fcntl
import gzip
import os
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import IO

import orjson
import pytest
import zstandard
from dumps import PROSE, make_dumps
from typer.testing import CliRunner

from newsdump.cli import app
from newsdump.convert import Converted, convert_dump, convert_stream
from newsdump.model import Dump, InputError, Source

runner = CliRunner()


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


def unread_bytes(pipe: IO[bytes]) -> int:
    """Bytes written into a pipe that its reader has not taken yet."""
    count = array.array("i", [0])
    fcntl.ioctl(pipe.fileno(), termios.FIONREAD, count)
    return count[0]


def start_reading_stdin(*args: str) -> subprocess.Popen[bytes]:
    """A run on an open stdin, returned once it has taken what was written there: it is reading,
    and blocks for more since stdin stays open. A readiness condition, not a sleep."""
    process = run_cli(*args, "-", stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    process.stdin.write(PROSE.encode())  # type: ignore[union-attr]
    process.stdin.flush()  # type: ignore[union-attr]
    deadline = time.monotonic() + 60
    while unread_bytes(process.stdin):  # type: ignore[arg-type]
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    return process


def stopped(process: subprocess.Popen[bytes], sig: int | None = None) -> tuple[int, str]:
    if sig is not None:
        process.send_signal(sig)
    try:
        code = process.wait(timeout=60)
    finally:
        process.kill()
    process.stdin.close()  # type: ignore[union-attr]
    return code, process.stderr.read().decode()  # type: ignore[union-attr]


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("had_previous", [False, True])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_signals_exit_cleanly_and_leave_no_partial_output(
    tmp_path: Path, sig: signal.Signals, code: int, had_previous: bool, workers: str
) -> None:
    target = tmp_path / "out.jsonl"
    if had_previous:
        target.write_bytes(b"previous\n")
    process = start_reading_stdin("-w", workers, "-o", str(target))
    assert [p.name for p in tmp_path.glob(".out.jsonl.*.part")]  # the output is being written
    said = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}[sig]
    assert stopped(process, sig) == (code, f"newsdump: error: {said}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out.jsonl"] if had_previous else [])
    if had_previous:
        assert target.read_bytes() == b"previous\n"


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="needs Linux pipe sizes")
def test_a_signal_ends_a_run_blocked_writing_to_a_reader_that_stopped_reading(tmp_path: Path) -> None:
    for number in range(30):
        (tmp_path / f"d{number:02}.txt").write_text(PROSE * 100)  # far more output than a pipe holds
    read_end, write_end = os.pipe()
    process = run_cli("-w", "1", str(tmp_path), stdout=write_end)
    os.close(write_end)
    capacity = fcntl.fcntl(read_end, fcntl.F_GETPIPE_SZ)
    deadline = time.monotonic() + 60
    while unread_bytes(os.fdopen(read_end, "rb", closefd=False)) < capacity // 2:  # it fills the pipe
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 143
    os.close(read_end)
    assert process.stderr.read() == b"newsdump: error: terminated\n"  # type: ignore[union-attr]


def test_a_run_killed_outright_leaves_a_part_that_the_next_run_removes(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"previous\n")
    stopped(start_reading_stdin("-w", "1", "-o", str(target)), signal.SIGKILL)
    [stale] = tmp_path.glob(".out.jsonl.*.part")  # kill -9: no handler runs, the file stays
    assert target.read_bytes() == b"previous\n"
    code, _, err = invoke("-w", "1", "-o", str(target), "-", stdin=PROSE.encode())
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
    assert paths_of(target.read_bytes()) == ["-"]


def test_resume_redoes_an_input_whose_run_was_killed_and_removes_its_part(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lines = [orjson.dumps({"text": PROSE * (n + 1)}) + b"\n" for n in range(3)]
    process = run_cli(
        "-w", "1", "--output-dir", str(out), "-", stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    process.stdin.write(lines[0])  # type: ignore[union-attr]
    process.stdin.flush()  # type: ignore[union-attr]
    deadline = time.monotonic() + 60
    while not list(out.glob(".newsdump-*.part")):  # the first record is written: the input is open
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    stopped(process, signal.SIGKILL)
    assert [p.name.endswith(".part") for p in out.iterdir()] == [True]  # no finished output
    code, _, err = invoke("-w", "1", "--output-dir", str(out), "--resume", "-", stdin=b"".join(lines))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == ["stdin.jsonl"]
    assert len((out / "stdin.jsonl").read_bytes().splitlines()) == 3


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
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        process = start_reading_stdin("-o", str(tmp_path / "out.jsonl"))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
    assert stopped(process, signal.SIGINT)[0] == 130
    assert list(tmp_path.iterdir()) == []


def test_a_single_dump_is_converted_without_starting_worker_processes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsdump import convert as convert_module

    def no_pool(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a worker pool was started for one dump")

    monkeypatch.setattr(convert_module, "_Pool", no_pool)
    (tmp_path / "one.txt").write_text(PROSE, encoding="utf-8")
    code, out, err = invoke("-w", "2", str(tmp_path / "one.txt"))
    assert (code, err) == (0, "") and len(out.splitlines()) == 1
