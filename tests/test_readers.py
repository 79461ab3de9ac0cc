"""Inputs: folders, archives, compressed streams (by content), WET and JSONL, all built in tmp_path."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile
from pathlib import Path

import orjson
import pytest
import zstandard
from archives import tar_bytes

from newsdump.model import Dump, InputError
from newsdump.readers import ReadOptions, iter_dumps

TEXT = (
    "Harbour reopens after storm\n\nThe harbour reopened on Monday after a week of repairs, officials said.\n"
)
COMPRESSORS = {
    "gzip": gzip.compress,
    "bzip2": bz2.compress,
    "xz": lzma.compress,
    "zstd": lambda b: zstandard.ZstdCompressor().compress(b),
}


def read(*paths: Path | str, **options: object) -> list[Dump | InputError]:
    return list(iter_dumps([str(p) for p in paths], ReadOptions(**options)))  # type: ignore[arg-type]


def test_folders_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/c/d.txt", "c.txt", ".hidden.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{name}\n")
    dumps = read(tmp_path)
    assert [d.text.strip() for d in dumps] == ["a/c/d.txt", "a/z.txt", "b.txt", "c.txt"]  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", COMPRESSORS)
def test_compression_is_recognized_by_content_not_name(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "dump.txt"  # no telling suffix
    path.write_bytes(COMPRESSORS[kind](TEXT.encode()))
    [dump] = read(path)
    assert isinstance(dump, Dump) and dump.text == TEXT


@pytest.mark.parametrize("kind", ["plain", "gzip", "zstd"])
def test_tar_members_become_dumps_named_by_member(tmp_path: Path, kind: str) -> None:
    data = tar_bytes({"x/one.txt": TEXT.encode(), "x/two.txt.gz": gzip.compress(b"Second\n")})
    path = tmp_path / "archive.tar"
    path.write_bytes(data if kind == "plain" else COMPRESSORS[kind](data))
    dumps = read(path)
    assert [(d.source.path, d.source.member, d.text) for d in dumps] == [  # type: ignore[union-attr]
        (str(path), "x/one.txt", TEXT),
        (str(path), "x/two.txt.gz", "Second\n"),
    ]


def test_zip_members_become_dumps(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("one.txt", TEXT)
        archive.writestr("sub/ru.txt", "Новости дня\n".encode("cp1251"))
    dumps = read(path)
    assert [(d.source.member, d.text) for d in dumps] == [("one.txt", TEXT), ("sub/ru.txt", "Новости дня\n")]  # type: ignore[union-attr]


def test_wet_records_become_dumps_with_url_and_date(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.wet.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.wet.gz", {"software": "test"}))
        for number in range(2):
            record = writer.create_warc_record(
                f"https://news.example/{number}",
                "conversion",
                payload=io.BytesIO(f"Story {number}\n{TEXT}".encode()),
                warc_headers_dict={
                    "WARC-Date": f"2024-01-0{number + 1}T00:00:00Z",
                    "Content-Type": "text/plain",
                },
            )
            writer.write_record(record)
    dumps = read(path)
    assert [(d.source.index, d.source.url, d.source.date) for d in dumps] == [  # type: ignore[union-attr]
        (0, "https://news.example/0", "2024-01-01T00:00:00Z"),
        (1, "https://news.example/1", "2024-01-02T00:00:00Z"),
    ]
    assert dumps[1].text == f"Story 1\n{TEXT}"  # type: ignore[union-attr]


def test_jsonl_text_field_and_other_fields_in_meta(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    rows = [{"id": 7, "content": TEXT, "url": "https://news.example/a"}, {"id": 8, "content": "Two\n"}]
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    dumps = read(path, text_field="content")
    assert [d.text for d in dumps] == [TEXT, "Two\n"]  # type: ignore[union-attr]
    assert dumps[0].source.meta == {"id": 7, "url": "https://news.example/a"}  # type: ignore[union-attr]
    assert dumps[0].source.url == "https://news.example/a"  # type: ignore[union-attr]
    assert [d.source.index for d in dumps] == [0, 1]  # type: ignore[union-attr]


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(gzip.compress(TEXT.encode()))))
    )
    [dump] = read("-")
    assert dump.source.path == "-" and dump.text == TEXT  # type: ignore[union-attr]
