"""Outputs: compression by suffix, byte-identical reruns, atomic replacement, one file per input."""

from __future__ import annotations

import bz2
import fcntl
import gzip
import lzma
from pathlib import Path

import pytest
import zstandard

from newsdump.writers import DirWriter, open_output

DATA = b'{"a": 1}\n' * 1000
OPENERS = {
    ".jsonl": lambda b: b,
    ".jsonl.gz": gzip.decompress,
    ".jsonl.bz2": bz2.decompress,
    ".jsonl.xz": lzma.decompress,
    ".jsonl.zst": lambda b: zstandard.ZstdDecompressor().decompressobj().decompress(b),
}


@pytest.mark.parametrize("suffix", OPENERS)
def test_output_is_compressed_by_suffix_and_byte_identical_on_rerun(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"out{suffix}"
    with open_output(str(target)) as out:
        out.write(DATA)
    first = target.read_bytes()
    assert OPENERS[suffix](first) == DATA
    with open_output(str(target)) as out:
        out.write(DATA)
    assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


@pytest.mark.parametrize("had_previous", [False, True])
def test_failed_write_leaves_no_file_or_the_previous_one(tmp_path: Path, had_previous: bool) -> None:
    target = tmp_path / "out.jsonl.gz"
    if had_previous:
        target.write_bytes(b"previous")
    with pytest.raises(KeyboardInterrupt), open_output(str(target)) as out:
        out.write(DATA)
        raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ([target.name] if had_previous else [])
    if had_previous:
        assert target.read_bytes() == b"previous"


def test_dir_writer_renames_complete_inputs_only(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), DirWriter(str(tmp_path)) as writer:
        writer.write(b"one\n")
        assert writer.finish(str(tmp_path / "a.txt.jsonl"))
        assert not writer.finish(str(tmp_path / "empty.jsonl"))  # an input without records: no file
        writer.write(b"two\n")
        raise RuntimeError("crash in the middle of the second input")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt.jsonl"]
    assert (tmp_path / "a.txt.jsonl").read_bytes() == b"one\n"


def test_stale_parts_of_killed_runs_are_removed_live_ones_kept(tmp_path: Path) -> None:
    """A run killed outright (kill -9) leaves its temporary file; the next run to the same output
    removes it, unless a live run still holds its lock. Other outputs' files are not touched."""
    stale = tmp_path / ".out.jsonl.k1ll3d99.part"
    live = tmp_path / ".out.jsonl.l1v3run1.part"
    other = tmp_path / ".out.jsonl.gz.k1ll3d99.part"  # belongs to out.jsonl.gz
    for path in (stale, live, other):
        path.write_bytes(b"partial")
    with open(live, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with open_output(str(tmp_path / "out.jsonl")) as out:
            out.write(DATA)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "out.jsonl"])
    with open_output(str(tmp_path / "out.jsonl")) as out:  # the lock is gone: now it is stale
        out.write(DATA)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([other.name, "out.jsonl"])


def test_dir_writer_removes_stale_parts_and_never_names_them_like_outputs(tmp_path: Path) -> None:
    (tmp_path / ".newsdump-k1ll3d99.part").write_bytes(b"partial")
    (tmp_path / "done.txt.jsonl").write_bytes(b"kept\n")
    with DirWriter(str(tmp_path)) as writer:
        writer.write(b"one\n")
        [part] = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
        assert part.name.startswith(".newsdump-")  # hidden: never an input's output name
        writer.finish(str(tmp_path / "a.txt.jsonl"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt.jsonl", "done.txt.jsonl"]
