"""More of issue 6's bad inputs (the first ones are in test_bad_input.py): each test builds its input;
each input gives records (with a warning where something was repaired) or one error line naming it,
and the rest of the batch is converted."""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import os
import socket
import threading
import zipfile
from pathlib import Path

import orjson
import pytest
from archives import tar_bytes
from test_bad_input import PROSE, RANDOM_TEXT, assert_lossless, convert, warnings_of
from typer.testing import CliRunner

from newsdump.cli import app
from newsdump.convert import convert_dump
from newsdump.model import Dump, Source

ARTICLE = "Headline of the day\n\n" + PROSE * 3 + "Source: the wire\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
    ids=["le-bom", "be-bom", "le", "be"],
)
def test_utf16_files_with_and_without_bom(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = ARTICLE + "Министр заявил, что переговоры прошли успешно.\n"
    path = tmp_path / "dump.txt"
    path.write_bytes(prefix + text.encode(encoding))
    (tmp_path / "z.txt").write_text(PROSE)
    records, errors = convert(path, tmp_path / "z.txt")
    assert errors == [] and "Министр" in str(records)
    assert {r["diagnostics"]["encoding"] for r in records if r["source"]["path"] == str(path)} <= {
        "utf-16",
        encoding,
    }
    assert_lossless(records, {(str(path), None, 0): text})


def test_short_legacy_lines_of_several_encodings_in_one_archive(tmp_path: Path) -> None:
    members = {
        "ru.txt": "Губернатор пообещал построить новую школу к осени.\n".encode("koi8_r"),
        "tr.txt": "Şehir merkezinde yoğun kar yağışı ulaşımı aksattı.\n".encode("cp1254"),
        "el.txt": "Διαβάστε επίσης: Νέα μέτρα για τη στέγαση\n".encode("iso8859_7"),
        "fa.txt": "قيمت دلار در بازار تهران كاهش يافت.\n".encode("cp1256"),
    }
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    records, errors = convert(path)
    assert errors == []
    text = str(records)
    for word in ("Губернатор", "yağışı", "στέγαση", "تهران"):
        assert word in text


def test_a_socket_in_a_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    """A Unix socket in a crawl folder is no dump: skipped, and said so."""
    (tmp_path / "a.txt").write_text(PROSE)
    (tmp_path / "z.txt").write_text(PROSE)
    server = socket.socket(socket.AF_UNIX)
    notices: list[str] = []
    try:
        server.bind(str(tmp_path / "m.sock"))
        records, errors = convert(tmp_path, notices=notices)
    finally:
        server.close()
    assert [r["source"]["path"] for r in records] == [str(tmp_path / "a.txt"), str(tmp_path / "z.txt")]
    assert errors == [] and notices == [f"{tmp_path / 'm.sock'}: not a regular file (a socket); skipped"]


def test_truncated_bzip2_and_a_tar_gz_cut_inside_a_member(tmp_path: Path) -> None:
    data = bz2.compress(RANDOM_TEXT)
    (tmp_path / "a.bz2").write_bytes(data[: len(data) // 2])
    archive = gzip.compress(tar_bytes({"first.txt": PROSE.encode(), "second.txt": RANDOM_TEXT}))
    (tmp_path / "b.tar.gz").write_bytes(archive[: len(archive) * 3 // 4])
    (tmp_path / "c.txt").write_text(PROSE)
    records, errors = convert(tmp_path)
    assert [(r["source"]["path"], r["source"]["member"]) for r in records] == [
        (str(tmp_path / "b.tar.gz"), "first.txt"),  # the member before the cut is kept
        (str(tmp_path / "c.txt"), None),
    ]
    where = [str(tmp_path / "a.bz2"), f"{tmp_path / 'b.tar.gz'}:second.txt"]  # one line each, at the cut
    assert [e.split(": ")[0] for e in errors] == where
    assert all("truncated" in e for e in errors)


def test_a_zip_member_over_the_decompression_cap_is_named_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", PROSE)
        archive.writestr("bomb.txt", b"\n" * 2_000_000)  # 2 MB from a few kB
        archive.writestr("c.txt", PROSE)
    records, errors = convert(path, max_decompressed_bytes=100_000)
    assert [r["source"]["member"] for r in records] == ["a.txt", "c.txt"]
    assert errors == [
        f"{path}:bomb.txt: member larger than what is left of the decompression cap (--max-decompressed); skipped"
    ]


def test_jsonl_from_windows_tools_with_a_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [orjson.dumps({"text": PROSE}), orjson.dumps({"text": "Second dump.\nIts second line."})]
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n".join(lines) + b"\r\n")
    records, errors = convert(path)
    assert errors == []
    assert [r["source"]["index"] for r in records] == [0, 1]
    assert all(r["diagnostics"]["encoding"] == "json" for r in records)


def test_a_named_pipe_is_read_like_a_file(tmp_path: Path) -> None:
    path = tmp_path / "feed"
    os.mkfifo(path)
    writer = threading.Thread(target=lambda: path.write_text(ARTICLE))
    writer.start()
    records, errors = convert(path)
    writer.join()
    assert errors == []
    assert_lossless(records, {(str(path), None, 0): ARTICLE})


def test_empty_stdin_is_a_record_with_a_warning() -> None:
    result = CliRunner().invoke(app, ["convert", "-w", "1", "-"], input=b"")
    assert result.exit_code == 0 and result.stderr == ""
    [record] = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert "empty dump" in record["diagnostics"]["warnings"]


def test_an_empty_dump_goes_through_the_segmenters_without_an_internal_error() -> None:
    converted = convert_dump(Dump(text="", source=Source(path="-")))
    [record] = [orjson.loads(line) for line in converted.data.splitlines()]
    assert record["diagnostics"]["warnings"] == []


def test_nul_bytes_inside_a_gzip_inside_a_tar(tmp_path: Path) -> None:
    inner = gzip.compress(b"Headline\x00 of the day\n" + PROSE.encode() * 2)
    path = tmp_path / "crawl.tar"
    path.write_bytes(tar_bytes({"page.txt.gz": inner}))
    records, errors = convert(path)
    assert errors == [] and any("control characters" in w for w in warnings_of(records))
    assert "\x00" not in io.StringIO(str(records)).getvalue()
