"""Issue 17: hostile input and faults, each case run through the real CLI in a subprocess.

Every input is built by the test in tmp_path. Each case checks what applies to it: no traceback,
the documented exit status, one error line naming the bad input, every other input converted,
every line of each converted dump covered by exactly one segment, no hang (a timeout far above a
normal run, so it catches hangs, not slowness), and for the heavy cases an address-space limit
(`ulimit -v`) that a regression to reading whole inputs into memory would exceed.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

TIMEOUT = 120  # seconds: a normal run here takes well under 5
# A run of newsdump needs under 400 MB of address space; reading a bomb, a huge dump or 500 k
# lines whole (as before issue 17) needs far more.
HEAVY_ADDRESS_SPACE = 1536 * 1024 * 1024
PROSE = "The council approved the new budget on Tuesday after a long debate about school funding."


def story(number: int) -> str:
    """A small dump: a headline, a blank line, three lines of prose and a footer."""
    return (
        f"Harbour budget approved, story {number}\n\n"
        f"{PROSE} The vote was {number + 5} to 3.\n"
        "Teachers welcomed the decision and said classrooms would finally be repaired this year.\n"
        "The mayor said the plan would be reviewed again in the spring.\n"
        "Copyright 2024 The Harbour Times\n"
    )


def n_lines(text: str) -> int:
    return len(text.splitlines())


@dataclass
class Run:
    rc: int
    out: bytes
    err: str

    @property
    def records(self) -> list[dict[str, Any]]:
        return [orjson.loads(line) for line in self.out.splitlines()]

    @property
    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("newsdump: error:")]


def _limit_memory(size: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def newsdump(
    *args: str | Path,
    memory: int | None = None,
    stdin: Any = subprocess.DEVNULL,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
    cwd: Path | None = None,
) -> Run:
    """Run `python -m newsdump ARGS`; a traceback on stderr fails the test whatever the case."""
    setup = preexec or (_limit_memory(memory) if memory else None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdump", *map(str, args)],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=setup,
        env=env,
        cwd=cwd,
        start_new_session=True,  # its own process group: a hang or a regression's workers are killed with it
    )
    try:
        out, raw_err = proc.communicate(timeout=TIMEOUT)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    err = raw_err.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return Run(proc.returncode, out, err)


def assert_covered(records: list[dict[str, Any]], expected: dict[tuple[Any, ...], int]) -> None:
    """Each dump's records, in article order, cover its lines 1..n once each; `expected` maps
    (path, member, index) to n, and names every dump the records come from."""
    spans: dict[tuple[Any, ...], list[list[int]]] = defaultdict(list)
    for record in sorted(records, key=lambda r: r["article"]):
        source = record["source"]
        key = (source["path"], source["member"], source["index"])
        spans[key].extend(seg["lines"] for seg in record["diagnostics"]["segments"])
    assert set(spans) == set(expected), (sorted(spans, key=str), sorted(expected, key=str))
    for key, got in spans.items():
        covered = [n for first, last in got for n in range(first, last + 1)]
        assert covered == list(range(1, expected[key] + 1)), (key, got)


def body_text(records: list[dict[str, Any]]) -> str:
    kept = [r["title"] or "" for r in records] + [r["body"] for r in records]
    kept += [b["text"] for r in records for b in r["boilerplate"]]
    return "\n".join(kept)


def write_good(folder: Path, name: str = "good.txt", number: int = 0) -> tuple[Path, int]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(story(number), encoding="utf-8")
    return path, n_lines(story(number))


# Names that are not UTF-8 ---------------------------------------------------------------------


def test_names_that_are_not_utf8_are_escaped_and_converted(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good, lines = write_good(folder)
    raw = os.fsencode(folder)
    with open(raw + b"/caf\xe9.txt", "wb") as handle:
        handle.write(story(1).encode())
    os.mkdir(raw + b"/d\xe9p")
    with open(raw + b"/d\xe9p/a.txt", "wb") as handle:
        handle.write(story(2).encode())
    archive = tmp_path / "latin.tar"
    with tarfile.open(archive, "w", format=tarfile.GNU_FORMAT, encoding="latin-1") as tar:
        data = story(3).encode()
        info = tarfile.TarInfo("résumé.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    out = tmp_path / "out.jsonl"
    run = newsdump("convert", "-q", folder, archive, "-o", out)
    assert run.rc == 0 and run.errors == []
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert_covered(
        records,
        {
            (f"{folder}/caf\\xe9.txt", None, 0): lines,
            (f"{folder}/d\\xe9p/a.txt", None, 0): lines,
            (str(good), None, 0): lines,
            (str(archive), "r\\xe9sum\\xe9.txt", 0): lines,
        },
    )
    assert len({r["id"] for r in records}) == len(records)


# JSONL ----------------------------------------------------------------------------------------


def test_a_jsonl_field_nested_300_deep_costs_a_warning_not_the_run(tmp_path: Path) -> None:
    deep = "[" * 300 + "]" * 300
    path = tmp_path / "deep.jsonl"
    path.write_text(
        f'{{"text": {orjson.dumps(story(0)).decode()}, "extra": {deep}}}\n'
        f'{{"text": {orjson.dumps(story(1)).decode()}}}\n'
    )
    run = newsdump("convert", "-q", path)
    assert run.rc == 0 and run.errors == []
    records = run.records
    assert_covered(
        records, {(str(path), None, 0): n_lines(story(0)), (str(path), None, 1): n_lines(story(1))}
    )
    warnings = [w for r in records for w in r["diagnostics"]["warnings"] if r["source"]["index"] == 0]
    assert any("not writable as JSON" in w for w in warnings)


def test_a_plain_dump_whose_first_line_is_a_json_object_stays_one_text_dump(tmp_path: Path) -> None:
    text = '{"note": "the page began with a JSON blob"}\n' + story(0) * 2
    path = tmp_path / "dump.txt"
    path.write_text(text)
    run = newsdump("convert", "-q", path)
    assert run.rc == 0 and run.errors == []
    assert_covered(run.records, {(str(path), None, 0): n_lines(text)})


def test_jsonl_whose_first_line_is_broken_keeps_the_good_records_and_says_so(tmp_path: Path) -> None:
    lines = ['{"text": "the first record is cut in the mid'] + [
        orjson.dumps({"text": story(n), "n": n}).decode() for n in range(50)
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n")
    run = newsdump("convert", "-q", path)
    assert run.rc == 1
    assert len(run.errors) == 1 and f"{path}: line 1" in run.errors[0]
    assert_covered(run.records, {(str(path), None, n): n_lines(story(n - 1)) for n in range(1, 51)})


# Zip ------------------------------------------------------------------------------------------


def _patch_zip(data: bytes, name: bytes, flags: int = 0, method: int | None = None) -> bytes:
    """Set flag bits or the compression method of member `name` in its local and central headers."""
    out = bytearray(data)
    for signature, flags_at, name_size_at, name_at in (
        (b"PK\x03\x04", 6, 26, 30),
        (b"PK\x01\x02", 8, 28, 46),
    ):
        at = out.find(signature)
        while at >= 0:
            size = int.from_bytes(out[at + name_size_at : at + name_size_at + 2], "little")
            if out[at + name_at : at + name_at + size] == name:
                old = int.from_bytes(out[at + flags_at : at + flags_at + 2], "little")
                out[at + flags_at : at + flags_at + 2] = (old | flags).to_bytes(2, "little")
                if method is not None:
                    out[at + flags_at + 2 : at + flags_at + 4] = method.to_bytes(2, "little")
            at = out.find(signature, at + 4)
    return bytes(out)


def test_encrypted_unsupported_and_corrupt_zip_members_are_named_and_the_rest_kept(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good.txt", story(0), zipfile.ZIP_DEFLATED)
        archive.writestr("secret.txt", story(1), zipfile.ZIP_DEFLATED)
        archive.writestr("odd.txt", story(2), zipfile.ZIP_DEFLATED)
        archive.writestr("broken.txt", story(3) * 40, zipfile.ZIP_LZMA)
        archive.writestr("last.txt", story(4), zipfile.ZIP_STORED)
    data = _patch_zip(buffer.getvalue(), b"secret.txt", flags=0x1)
    data = _patch_zip(data, b"odd.txt", method=97)  # WavPack: zipfile has no decoder
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("broken.txt")
    start = info.header_offset + 30 + len(b"broken.txt") + len(info.extra)
    data = data[: start + 40] + b"\xff" * 40 + data[start + 80 :]
    path = tmp_path / "batch.zip"
    path.write_bytes(data)
    run = newsdump("convert", "-q", path)
    assert run.rc == 1
    assert sorted(e.split(": ")[2].split(":")[-1] for e in run.errors) == [
        "broken.txt",
        "odd.txt",
        "secret.txt",
    ]
    assert "encrypted" in next(e for e in run.errors if "secret.txt" in e)
    lines = n_lines(story(0))
    assert_covered(run.records, {(str(path), "good.txt", 0): lines, (str(path), "last.txt", 0): lines})


@pytest.mark.parametrize(
    "tail",
    [
        b"PK\x05\x06" + b"\x00\x00\x00\x00\x07\x00\x07\x00" + b"\xff\xff\xff\x7f" * 2 + b"\x00\x00",
        b"PK\x05\x06" + bytes(18),
    ],
    ids=["junk-directory-offsets", "all-zero-directory"],
)
def test_text_ending_like_a_zip_directory_stays_text(tmp_path: Path, tail: bytes) -> None:
    data = story(0).encode() + tail
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    good, lines = write_good(tmp_path)
    run = newsdump("convert", "-q", path, good)
    assert run.rc == 0 and run.errors == []
    ours = [r for r in run.records if r["source"]["path"] == str(path)]
    assert "Teachers welcomed the decision" in body_text(ours)
    assert_covered(
        run.records, {(str(path), None, 0): n_lines(data.decode("latin-1")), (str(good), None, 0): lines}
    )


def test_a_zip_bomb_member_is_refused_within_the_memory_budget(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("first.txt", story(0))
        with archive.open("bomb.txt", "w", force_zip64=True) as member:
            for _ in range(1024):  # 1 GiB of zeros, written piece by piece
                member.write(zeros)
        archive.writestr("after.txt", story(1))
    assert path.stat().st_size < 8 * 1024 * 1024
    lines = n_lines(story(0))
    for extra in ([], ["--max-decompressed", "100000000"]):
        run = newsdump("convert", "-q", path, *extra, memory=HEAVY_ADDRESS_SPACE)
        assert run.rc == 1 and len(run.errors) == 1 and f"{path}:bomb.txt" in run.errors[0], run.err
        assert_covered(run.records, {(str(path), "first.txt", 0): lines, (str(path), "after.txt", 0): lines})


def test_the_decompression_cap_is_one_total_for_all_members_of_an_input(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):
            archive.writestr(f"m{number}.txt", story(number) * 4)  # about 1,300 bytes each
    size = len(story(0) * 4)
    run = newsdump("convert", "-q", path, "--max-decompressed", str(size * 2 + size // 2))
    assert run.rc == 1 and len(run.errors) == 1 and "m2.txt" in run.errors[0]
    assert "--max-decompressed" in run.errors[0]


def test_five_gzip_layers_are_peeled_and_nine_refused(tmp_path: Path) -> None:
    data = story(0).encode()
    for layer in range(1, 10):
        data = gzip.compress(data, mtime=0)
        if layer == 5:
            (tmp_path / "five.txt.gz").write_bytes(data)
    (tmp_path / "nine.txt.gz").write_bytes(data)
    run = newsdump("convert", "-q", tmp_path / "five.txt.gz", tmp_path / "nine.txt.gz")
    assert run.rc == 1
    assert len(run.errors) == 1 and "nine.txt.gz" in run.errors[0] and "compression layers" in run.errors[0]
    assert_covered(run.records, {(str(tmp_path / "five.txt.gz"), None, 0): n_lines(story(0))})
    assert "Teachers welcomed the decision" in body_text(run.records)


# WARC -----------------------------------------------------------------------------------------


def warc_record(text: bytes, length: bytes | None = None, uri: str = "http://example.com/a") -> bytes:
    declared = str(len(text)).encode() if length is None else length
    return (
        b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: "
        + uri.encode()
        + b"\r\nContent-Type: text/plain\r\nContent-Length: "
        + declared
        + b"\r\n\r\n"
        + text
        + b"\r\n\r\n"
    )


@pytest.mark.parametrize("length", [b"99999999999999999999", b"40"], ids=["20-digits", "too-small"])
def test_a_wrong_warc_length_costs_a_warning_and_keeps_every_record(tmp_path: Path, length: bytes) -> None:
    texts = [story(n).encode() for n in range(3)]
    path = tmp_path / "crawl.warc"
    path.write_bytes(
        warc_record(texts[0]) + warc_record(texts[1], length, "http://example.com/b") + warc_record(texts[2])
    )
    run = newsdump("convert", "-q", path)
    assert run.rc == 0 and run.errors == []
    records = run.records
    assert_covered(records, {(str(path), None, n): n_lines(texts[n].decode()) for n in range(3)})
    middle = [r for r in records if r["source"]["index"] == 1]
    assert "Copyright 2024 The Harbour Times" in body_text(middle)  # the block's last line is kept
    assert any("Content-Length" in w for r in middle for w in r["diagnostics"]["warnings"])


def test_a_20_mib_warc_record_is_refused_within_the_memory_budget(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    huge = (PROSE + "\n").encode() * (20 * 1024 * 1024 // (len(PROSE) + 1) + 1)
    path.write_bytes(warc_record(story(0).encode()) + warc_record(huge) + warc_record(story(2).encode()))
    run = newsdump("convert", "-q", path, memory=HEAVY_ADDRESS_SPACE)
    assert run.rc == 1 and len(run.errors) == 1 and "--max-dump-bytes" in run.errors[0]
    assert str(path) in run.errors[0]
    lines = n_lines(story(0))
    assert_covered(run.records, {(str(path), None, 0): lines, (str(path), None, 2): lines})


# Folders, FIFOs -------------------------------------------------------------------------------


def _nest(root: Path, depth: int) -> list[int]:
    """`depth` folders `d` inside each other under `root`, made relative to open folders (a full
    path each time costs the kernel a walk of every level); their fds, outermost first."""
    fds = [os.open(root, os.O_RDONLY)]
    for _ in range(depth):
        os.mkdir("d", dir_fd=fds[-1])
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    return fds


def test_a_folder_nested_1200_deep_is_walked(tmp_path: Path) -> None:
    # In memory where there is a tmpfs: on ext4 removing 1,200 nested folders takes seconds.
    base = Path(tempfile.mkdtemp(dir="/dev/shm")) if os.access("/dev/shm", os.W_OK) else tmp_path
    root = base / "in"
    good, lines = write_good(root, "a.txt")
    fds = _nest(root, 1200)
    with os.fdopen(os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fds[-1]), "w") as handle:
        handle.write(story(1))
    try:
        run = newsdump("convert", "-q", "-w", "1", root)
    finally:  # pytest's own clean-up of tmp_path recurses, and would fail on 1,200 levels
        os.unlink("bottom.txt", dir_fd=fds[-1])
        for inner, outer in zip(reversed(fds), reversed(fds[:-1]), strict=False):
            os.close(inner)
            os.rmdir("d", dir_fd=outer)
        os.close(fds[0])
        if base != tmp_path:
            shutil.rmtree(base)
    assert run.rc == 0 and run.errors == []
    bottom = str(root) + "/d" * 1200 + "/bottom.txt"
    assert_covered(run.records, {(str(good), None, 0): lines, (bottom, None, 0): lines})


def test_a_fifo_without_a_writer_in_a_folder_is_skipped_with_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good, lines = write_good(folder, "b.txt")
    os.mkfifo(folder / "a.pipe")
    run = newsdump("convert", folder)
    assert run.rc == 0 and run.errors == []
    assert "a.pipe" in run.err and "named pipe" in run.err
    assert_covered(run.records, {(str(good), None, 0): lines})


def _holds_open(pid: int, path: Path) -> bool:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            continue
    return False


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _start(*args: str | Path, **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdump", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        **kwargs,
    )


def test_a_fifo_given_by_name_is_read_when_its_writer_comes(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    proc = _start("convert", "-q", fifo)
    try:
        assert _wait_for(lambda: _holds_open(proc.pid, fifo))  # opened without blocking in open()
        with open(fifo, "w") as writer:
            writer.write(story(0))
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0 and b"Traceback" not in err
    assert_covered(
        [orjson.loads(line) for line in out.splitlines()], {(str(fifo), None, 0): n_lines(story(0))}
    )


def test_a_fifo_given_by_name_that_never_gets_a_writer_ends_on_sigterm(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    proc = _start("convert", "-q", fifo)
    try:
        assert _wait_for(lambda: _holds_open(proc.pid, fifo))
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 143 and b"Traceback" not in err


# Memory ---------------------------------------------------------------------------------------


def test_500k_short_lines_are_refused_with_a_clear_line_within_the_memory_budget(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(b"x\n" * 500_000)
    good, lines = write_good(tmp_path)
    run = newsdump("convert", "-q", path, good, memory=HEAVY_ADDRESS_SPACE)
    assert run.rc == 1 and len(run.errors) == 1
    assert (
        str(path) in run.errors[0] and "500000 lines" in run.errors[0] and "--max-dump-lines" in run.errors[0]
    )
    assert_covered(run.records, {(str(good), None, 0): lines})


def test_a_max_dump_bytes_of_1e15_allocates_nothing_up_front(tmp_path: Path) -> None:
    good, lines = write_good(tmp_path)
    packed = tmp_path / "packed.txt.gz"
    packed.write_bytes(gzip.compress(story(1).encode() * 300))
    run = newsdump("convert", "-q", good, packed, "--max-dump-bytes", str(10**15), memory=HEAVY_ADDRESS_SPACE)
    assert run.rc == 0 and run.errors == []
    assert_covered(run.records, {(str(good), None, 0): lines, (str(packed), None, 0): lines * 300})


def test_a_line_of_250k_characters_keeps_the_line_numbers(tmp_path: Path) -> None:
    long_line = " ".join(f"word{n % 97}" for n in range(40_000))[:250_000]
    text = f"Harbour budget approved\n{long_line}\n{PROSE}\n"
    path = tmp_path / "long.txt"
    path.write_text(text)
    run = newsdump("convert", "-q", path)
    assert run.rc == 0 and run.errors == []
    assert_covered(run.records, {(str(path), None, 0): 3})
    assert [r["source"]["lines"] for r in run.records][-1][1] == 3


# Standard streams -----------------------------------------------------------------------------


def _closing(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


def test_closed_stdin_stdout_and_stderr(tmp_path: Path) -> None:
    good, lines = write_good(tmp_path)
    out = tmp_path / "out.jsonl"
    for fd in (0, 1, 2):  # `<&-`, `>&-`, `2>&-` with -o: the output file gets the records, and only them
        out.unlink(missing_ok=True)
        run = newsdump("convert", "-q", good, "-o", out, preexec=_closing(fd))
        assert run.rc == 0, (fd, run.err)
        assert_covered(
            [orjson.loads(line) for line in out.read_bytes().splitlines()], {(str(good), None, 0): lines}
        )
    run = newsdump("convert", "-q", good, preexec=_closing(1))  # `>&-` and records for stdout
    assert run.rc == 1 and len(run.errors) == 1 and "stdout is closed" in run.errors[0]
    run = newsdump("convert", "-q", "-", preexec=_closing(0))  # `<&-` and stdin as the input
    assert run.rc in (0, 1)
    missing = tmp_path / "missing.txt"
    run = newsdump("convert", "-q", missing, good, "-o", out, preexec=_closing(2))  # errors into nowhere
    assert run.rc == 1
    assert_covered(
        [orjson.loads(line) for line in out.read_bytes().splitlines()], {(str(good), None, 0): lines}
    )


# Options --------------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--repeats-table", "--model"])
@pytest.mark.parametrize("content", ["[]", "null"])
def test_a_table_or_model_file_holding_no_object_is_one_usage_error(
    tmp_path: Path, option: str, content: str
) -> None:
    good, _ = write_good(tmp_path)
    table = tmp_path / "file.json"
    table.write_text(content)
    run = newsdump("convert", "-q", good, option, table)
    assert run.rc == 2 and run.out == b""
    assert len(run.err.strip().splitlines()) == 1 and str(table) in run.err and option in run.err


def test_scheduler_without_dask_is_one_line_saying_what_to_install(tmp_path: Path) -> None:
    hide = tmp_path / "no-dask"
    hide.mkdir()
    for module in ("dask", "distributed"):  # found first on the path, and failing like a missing module
        (hide / f"{module}.py").write_text(f"raise ModuleNotFoundError({module!r}, name={module!r})\n")
    good, _ = write_good(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(hide)}
    run = newsdump("convert", "-q", good, "--output-dir", tmp_path / "out", "--scheduler", "local:1", env=env)
    assert run.rc == 2 and len(run.err.strip().splitlines()) == 1
    assert "pip install 'newsdump[dask]'" in run.err


def test_workers_10000_are_capped_with_a_notice(tmp_path: Path) -> None:
    paths = [write_good(tmp_path / "in", f"d{n}.txt", n)[0] for n in range(3)]
    run = newsdump("convert", "--workers", "10000", tmp_path / "in")
    assert run.rc == 0 and run.errors == []
    assert "--workers 10000 capped at" in run.err
    assert_covered(run.records, {(str(p), None, 0): n_lines(story(0)) for p in paths})


def _descendants(pid: int) -> list[int]:
    try:
        import psutil
    except ImportError:
        children: dict[int, list[int]] = defaultdict(list)
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    status = Path(f"/proc/{entry}/status").read_text()
                except OSError:
                    continue
                parent = int(status.split("PPid:")[1].split()[0])
                children[parent].append(int(entry))
        found, todo = [], [pid]
        while todo:
            found += children[todo.pop()]
            todo += children[found[-1]] if found else []
        return sorted(set(found))
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status  # a zombie has ended; only its parent's wait is missing


def test_kill_9_of_the_main_process_leaves_no_worker_alive(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for number in range(60):
        write_good(folder, f"d{number:02}.txt", number)
        (folder / f"d{number:02}.txt").write_text(story(number) * 30)
    proc = _start("convert", "-q", "--workers", "2", folder, "-o", tmp_path / "out.jsonl")
    workers: list[int] = []
    try:
        assert _wait_for(lambda: len(_descendants(proc.pid)) >= 2)
        workers = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
        assert _wait_for(lambda: not any(_alive(pid) for pid in workers), seconds=30), workers
    finally:
        proc.kill()
        proc.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# Outputs --------------------------------------------------------------------------------------


def test_output_naming_an_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    good, _ = write_good(tmp_path)
    other, _ = write_good(tmp_path, "other.txt", 1)
    run = newsdump("convert", "-q", other, good, "-o", good)
    assert run.rc == 2 and str(good) in run.err and len(run.err.strip().splitlines()) == 1
    assert good.read_text() == story(0)


def test_output_onto_a_symlink_writes_through_it(tmp_path: Path) -> None:
    good, lines = write_good(tmp_path)
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    run = newsdump("convert", "-q", good, "-o", link)
    assert run.rc == 0 and link.is_symlink()
    assert_covered(
        [orjson.loads(line) for line in target.read_bytes().splitlines()], {(str(good), None, 0): lines}
    )


def test_output_to_dev_stdout_writes_through_the_pipe(tmp_path: Path) -> None:
    good, lines = write_good(tmp_path)
    run = newsdump("convert", "-q", good, "-o", "/dev/stdout")
    assert run.rc == 0
    assert_covered(run.records, {(str(good), None, 0): lines})


@pytest.mark.skipif(os.geteuid() != 0, reason="only root could replace /dev/null")
def test_output_to_dev_null_keeps_the_device_node(tmp_path: Path) -> None:
    good, _ = write_good(tmp_path)
    try:
        run = newsdump("convert", "-q", good, "-o", "/dev/null")
        assert run.rc == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    finally:
        if not stat.S_ISCHR(os.lstat("/dev/null").st_mode):  # put the machine right again
            os.unlink("/dev/null")
            os.mknod("/dev/null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
            os.chmod("/dev/null", 0o666)  # mknod's mode passes through the umask


def test_output_dir_inside_an_input_folder_does_not_convert_its_own_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_good(folder, "a.txt")
    write_good(folder, "b.txt", 1)
    outputs = folder / "out"
    for _ in range(2):  # the second run finds the first run's outputs in the input folder
        run = newsdump("convert", "-q", folder, "--output-dir", outputs)
        assert run.rc == 0 and run.errors == []
        assert sorted(p.name for p in outputs.rglob("*")) == ["a.txt.jsonl", "b.txt.jsonl"]


# Encodings, duplicates ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_without_bom_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = story(0) + "Le maire a déclaré : « Le budget est voté. » Москва, 北京.\n"
    path = tmp_path / "dump.txt"
    path.write_bytes(text.encode(encoding))  # the -le / -be codecs write no BOM
    run = newsdump("convert", "-q", path)
    assert run.rc == 0 and run.errors == []
    assert "« Le budget est voté. »" in body_text(run.records) or "Le budget est voté." in str(run.records)
    assert "Teachers welcomed the decision" in body_text(run.records)
    assert_covered(run.records, {(str(path), None, 0): n_lines(text)})


def test_the_same_input_given_twice_is_read_once_with_a_notice(tmp_path: Path) -> None:
    good, lines = write_good(tmp_path / "in")
    run = newsdump("convert", good, good, tmp_path / "in", cwd=tmp_path)
    assert run.rc == 0 and run.errors == []
    assert "given twice" in run.err
    records = run.records
    assert len({r["id"] for r in records}) == len(records)
    assert_covered(records, {(str(good), None, 0): lines})


# inspect, stats and repeats read JSONL like convert (issue 16) --------------------------------


def _jsonl(path: Path, field: str, count: int = 4) -> Path:
    with path.open("wb") as handle:
        for number in range(count):
            handle.write(orjson.dumps({field: story(number), "url": f"http://example.com/{number}"}) + b"\n")
    return path


@pytest.mark.parametrize(("field", "option"), [("content", []), ("article", ["--text-field", "article"])])
def test_inspect_stats_and_repeats_read_jsonl_like_convert(
    tmp_path: Path, field: str, option: Sequence[str]
) -> None:
    path = _jsonl(tmp_path / "export.jsonl", field)
    shown = newsdump("inspect", path, "--index", "1", *option)
    assert shown.rc == 0 and b"story 1" in shown.out
    counted = newsdump("stats", "--json", path, *option)
    assert counted.rc == 0 and orjson.loads(counted.out)["dumps"] == 4
    table = tmp_path / "site.json"
    repeated = newsdump("repeats", path, "-o", table, "--min-dumps", "2", *option)
    assert repeated.rc == 0 and repeated.errors == []
    assert "from 4 dumps" in repeated.err


def test_inspect_stats_and_repeats_pass_over_a_fifo_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_good(folder, "b.txt")
    os.mkfifo(folder / "a.pipe")
    assert newsdump("inspect", folder).rc == 0
    assert newsdump("stats", "--json", folder).rc == 0
    assert newsdump("repeats", folder, "-o", tmp_path / "t.json").rc == 0


def test_a_dask_task_reports_skipped_warc_records_and_converts_the_rest(tmp_path: Path) -> None:
    from newsdump.scale import convert_file

    response = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
    path = tmp_path / "crawl.warc"
    path.write_bytes(response + warc_record(story(0).encode()))
    result = convert_file(str(path), str(tmp_path / "out.jsonl"))
    assert result.errors == [] and result.dumps == 1
    assert len(result.notices) == 1 and "1 WARC records skipped (1 response)" in result.notices[0]


def test_a_fifo_read_through_the_library_waits_for_its_writer(tmp_path: Path) -> None:
    """Outside the CLI (no signal wake-up pipe) a read before the writer comes must wait too: it
    once read an end of file, an empty dump, and the writer's text was lost."""
    from newsdump.model import Dump
    from newsdump.readers import iter_dumps

    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    items: list[Any] = []
    reader = threading.Thread(target=lambda: items.extend(iter_dumps([str(fifo)])), daemon=True)
    reader.start()
    assert _wait_for(lambda: _holds_open(os.getpid(), fifo), seconds=30)
    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO if the reader read an end and left
    with os.fdopen(fd, "w") as writer:
        writer.write(story(0))
    reader.join(timeout=TIMEOUT)
    assert [item.text for item in items if isinstance(item, Dump)] == [story(0)]
