"""Issue 6: every kind of broken input gives records with a warning or one clear error line naming
the input, never a traceback, never a lost line, and never costs the rest of the batch."""

from __future__ import annotations

import gzip
import io
import lzma
import os
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson
import pytest
import zstandard
from archives import tar_bytes
from typer.testing import CliRunner

from newsdump.cli import app
from newsdump.convert import Converted, convert_paths
from newsdump.lines import split_lines
from newsdump.model import InputError, InputNotice
from newsdump.readers import Limits, ReadOptions

PROSE = "The council approved the new budget on Tuesday after a long debate about school funding.\n"
RANDOM_TEXT = bytes((i * 7919 + 13) % 251 for i in range(40_000)).hex().encode()  # incompressible-ish


def convert(
    *paths: Path, notices: list[str] | None = None, **limits: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """Records and error lines of converting `paths`; warnings (InputNotice) go to `notices`."""
    options = ReadOptions(limits=Limits(**limits)) if limits else None
    records: list[dict[str, Any]] = []
    errors: list[str] = []
    for item in convert_paths([str(p) for p in paths], 1, options):
        if isinstance(item, InputError):
            errors.append(str(item))
        elif isinstance(item, InputNotice):
            assert notices is not None, f"unexpected notice: {item}"
            notices.append(str(item))
        else:
            assert isinstance(item, Converted)
            records.extend(orjson.loads(line) for line in item.data.splitlines())
    return records, errors


def assert_lossless(records: list[dict[str, Any]], texts: dict[tuple[Any, ...], str] | None = None) -> None:
    """The segments of each dump's records cover lines 1..n once each, in order."""
    by_dump: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        source = record["source"]
        by_dump[(source["path"], source["member"], source["index"])].append(record)
    for key, group in by_dump.items():
        spans = [
            seg["lines"]
            for r in sorted(group, key=lambda r: r["article"])
            for seg in r["diagnostics"]["segments"]
        ]
        expected = 1
        for first, last in spans:
            assert first == expected and last >= first, (key, spans)
            expected = last + 1
        if texts and key in texts:
            assert expected - 1 == len(split_lines(texts[key])[0]), key


def warnings_of(records: list[dict[str, Any]]) -> list[str]:
    return [w for r in records for w in r["diagnostics"]["warnings"]]


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        (b"", "empty dump"),
        (b"  \n\t\n   \r\n", "only whitespace"),
        (b"\x00\x01\x02binary\x00junk\x7f" * 50, "control characters"),
        (
            "Le conseil a approuvé le budget.\n".encode() * 30 + b"\xff\xfe\x80" + PROSE.encode() * 30,
            "invalid UTF-8",
        ),
    ],
    ids=["empty", "whitespace", "binary", "invalid-utf8"],
)
def test_damaged_text_gives_records_with_a_warning(tmp_path: Path, data: bytes, warning: str) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    records, errors = convert(path)
    assert errors == [] and len(records) >= 1
    assert any(warning in w for w in warnings_of(records))
    assert_lossless(records)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\n"])
def test_every_line_end_splits_lines(tmp_path: Path, newline: str) -> None:
    text = newline.join(["Headline of the day", "", PROSE.strip(), PROSE.strip(), "Source: the wire"])
    path = tmp_path / "dump.txt"
    path.write_bytes(text.encode())
    records, _ = convert(path)
    assert records[-1]["diagnostics"]["segments"][-1]["lines"][1] == 5
    assert_lossless(records, {(str(path), None, 0): text})


def test_unusual_unicode_is_kept(tmp_path: Path) -> None:
    text = (
        "\u202bقال الوزير\u202c إن \u200fالمحادثات\u200f كانت مثمرة.\n"
        "Zero\u200bwidth\u200djoiners and cafe\u0301 with combining marks.\n"
        "Emoji 🇫🇷👍🏽 and mixed scripts: Москва, 北京, Αθήνα.\n"
        '"A quote that never closes, running on and on\n'
    )
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    records, errors = convert(path)
    assert errors == []
    assert_lossless(records, {(str(path), None, 0): text})
    kept = "".join(r["body"] for r in records) + "".join(b["text"] for r in records for b in r["boilerplate"])
    assert "🇫🇷👍🏽" in kept or "🇫🇷👍🏽" in "".join(str(r) for r in records)


def test_a_very_long_single_line_is_labeled_by_its_start_and_kept_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"word " * 400_000)  # 2 MB, no newline
    records, errors = convert(path)
    assert errors == []
    assert any(
        "line 1 has 2000000 characters: labeled by its first 100000" in w for w in warnings_of(records)
    )
    assert_lossless(records, {(str(path), None, 0): "one line"})
    kept = "".join(r["body"] for r in records) + "".join(b["text"] for r in records for b in r["boilerplate"])
    assert len(kept) == len("word " * 400_000) - 1  # the whole line, stripped


def test_many_tiny_lines_and_a_dump_without_newlines(tmp_path: Path) -> None:
    (tmp_path / "tiny.txt").write_text("a\n" * 20_000)
    (tmp_path / "flat.txt").write_text(PROSE.strip() * 20)
    records, errors = convert(tmp_path / "tiny.txt", tmp_path / "flat.txt")
    assert errors == []
    texts = {
        (str(tmp_path / "tiny.txt"), None, 0): "a\n" * 20_000,
        (str(tmp_path / "flat.txt"), None, 0): "x",
    }
    assert_lossless(records, texts)


@pytest.mark.parametrize(
    "compress",
    [gzip.compress, lzma.compress, lambda b: zstandard.ZstdCompressor().compress(b)],
    ids=["gzip", "xz", "zstd"],
)
def test_truncated_streams_are_one_error_and_the_batch_goes_on(tmp_path: Path, compress: Any) -> None:
    data = compress(RANDOM_TEXT)
    (tmp_path / "a-broken.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "b-good.txt").write_text(PROSE)
    records, errors = convert(tmp_path)
    assert (
        len(errors) == 1 and errors[0].startswith(str(tmp_path / "a-broken.gz")) and "truncated" in errors[0]
    )
    assert [r["source"]["path"] for r in records] == [str(tmp_path / "b-good.txt")]


def test_mixed_encodings_in_one_archive(tmp_path: Path) -> None:
    members = {
        "ar.txt": "قال وزير الخارجية إن المحادثات مع الجانب الروسي كانت مثمرة.\n".encode("windows-1256"),
        "ru.txt": "Министр заявил, что переговоры с партнёрами прошли успешно.\n".encode("cp1251"),
        "zh.txt": "外交部长表示，与俄方的会谈富有成果，双方同意继续合作。\n".encode("gb18030"),
        "en.txt": PROSE.encode(),
    }
    path = tmp_path / "mixed.tar.gz"
    path.write_bytes(gzip.compress(tar_bytes(members)))
    records, errors = convert(path)
    assert errors == []
    encodings = {r["source"]["member"]: r["diagnostics"]["encoding"] for r in records}
    assert encodings == {"ar.txt": "cp1256", "ru.txt": "cp1251", "zh.txt": "gb18030", "en.txt": "utf-8"}
    assert "المحادثات" in str(records[0])  # decoded text, wherever the segmenters put the line


def test_corrupt_tar_member_header_is_reported_after_the_good_members(tmp_path: Path) -> None:
    data = bytearray(tar_bytes({"a.txt": PROSE.encode(), "b.txt": PROSE.encode(), "c.txt": PROSE.encode()}))
    data[1024 + 148 : 1024 + 156] = b"garbage!"  # the checksum field of the second header
    path = tmp_path / "bad.tar"
    path.write_bytes(bytes(data))
    records, errors = convert(path)
    assert [r["source"]["member"] for r in records] == ["a.txt"]
    assert errors == [f"{path}: corrupt tar header at byte 1024; the members after it are lost"]


def test_corrupt_zip_entry_names_the_member(tmp_path: Path) -> None:
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("a.txt", "b.txt", "c.txt"):
            archive.writestr(name, PROSE * 10)
    data = bytearray(path.read_bytes())
    start = data.index(b"b.txt") + 5 + 5
    data[start : start + 10] = b"\xff" * 10
    path.write_bytes(bytes(data))
    records, errors = convert(path)
    assert [r["source"]["member"] for r in records] == ["a.txt", "c.txt"]
    assert len(errors) == 1 and errors[0].startswith(f"{path}:b.txt: ")


def test_warc_record_with_a_wrong_length(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for number in range(3):
        payload = io.BytesIO(f"Story {number}\n{PROSE}".encode())
        writer.write_record(
            writer.create_warc_record(f"https://news.example/{number}", "conversion", payload=payload)
        )
    data = buffer.getvalue()
    length = len(f"Story 1\n{PROSE}".encode())
    second = data.index(b"https://news.example/1")
    data = data[:second] + data[second:].replace(
        f"Content-Length: {length}".encode(), b"Content-Length: 9999", 1
    )
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    records, errors = convert(path)
    assert records[0]["source"]["url"] == "https://news.example/0"
    assert len(errors) + len(warnings_of(records)) >= 1
    assert all(e.startswith(f"{path}: WARC record") and "byte" in e for e in errors)


def test_jsonl_problems_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(
        b'{"text": "First dump.\\nSecond line."}\n'
        b'{"text": "broken\n'
        b'{"title": "no text field"}\n'
        b'{"text": 42}\n'
        b'{"text": "Last dump."}\n'
    )
    records, errors = convert(path)
    assert [r["source"]["index"] for r in records] == [0, 4]
    assert [e.split(": ", 2)[1] for e in errors] == ["line 2", "line 3", "line 4"]
    assert "not valid JSON" in errors[0] and "missing" in errors[1] and "not a string" in errors[2]


def test_folder_with_symlink_loops_and_unreadable_entries(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.txt").write_text(PROSE)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path / "sub")  # a folder loop
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a file that links to itself
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    records, errors = convert(tmp_path)
    assert [r["source"]["path"] for r in records] == [str(tmp_path / "sub" / "ok.txt")]
    assert sorted(e.split(": ")[0] for e in errors) == [
        str(tmp_path / "gone.txt"),
        str(tmp_path / "self.txt"),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_an_error_line(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(PROSE)
    path.chmod(0)
    assert convert(path) == ([], [f"{path}: Permission denied"])


def test_limits_are_reported_when_hit(tmp_path: Path) -> None:
    (tmp_path / "bomb.gz").write_bytes(gzip.compress(b"\n" * 5_000_000))
    (tmp_path / "big.txt").write_bytes(PROSE.encode() * 100)
    _, errors = convert(tmp_path / "bomb.gz", max_decompressed_bytes=100_000)
    assert len(errors) == 1 and "cap" in errors[0] and errors[0].startswith(str(tmp_path / "bomb.gz"))
    _, errors = convert(tmp_path / "big.txt", max_dump_bytes=1000)
    assert errors == [f"{tmp_path / 'big.txt'}: dump larger than 1000 bytes (--max-dump-bytes)"]


def test_the_cli_reports_each_bad_input_on_one_line_and_converts_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PROSE)
    (tmp_path / "b.gz").write_bytes(gzip.compress(RANDOM_TEXT)[:500])
    (tmp_path / "c.jsonl").write_bytes(b'{"text": 1}\n')
    (tmp_path / "d.txt").write_text(PROSE)
    result = CliRunner().invoke(app, ["convert", "-w", "1", str(tmp_path)])
    assert result.exit_code == 1
    assert [orjson.loads(line)["source"]["path"] for line in result.stdout.splitlines()] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "d.txt"),
    ]
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("newsdump: error: ") for line in lines)
    assert lines[0].startswith(f"newsdump: error: {tmp_path / 'b.gz'}: truncated")
    assert lines[1].startswith(f"newsdump: error: {tmp_path / 'c.jsonl'}: line 1: text field")
    assert "Traceback" not in result.output


def test_an_overlong_jsonl_line_is_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(b'{"text": "' + b"x" * 5000 + b'"}\n{"text": "Short dump."}\n')
    records, errors = convert(path, max_dump_bytes=1000)
    assert [r["source"]["index"] for r in records] == [1]
    assert errors == [f"{path}: line 1: line longer than 1000 bytes (--max-dump-bytes); skipped"]


def test_a_dump_that_is_all_boilerplate_keeps_every_line(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Home | World | Sport",
            "Share on Facebook",
            "Tags: budget",
            "Read also:",
            "© 2024 All rights reserved",
        ]
    )
    path = tmp_path / "menu.txt"
    path.write_text(text)
    records, errors = convert(path)
    assert errors == [] and len(records) == 1
    assert_lossless(records, {(str(path), None, 0): text})
