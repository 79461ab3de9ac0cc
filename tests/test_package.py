"""A real package: its license and metadata, one version, the typing marker, the library API
(`dir(newsdump)`, the record's TypedDicts, `convert_text` with `lang` and bytes) and a user cache
that does not grow with every install."""

from __future__ import annotations

import importlib.metadata
import io
import json
import lzma
import os
import re
import tomllib
import typing
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import newsdump
from newsdump import langid
from newsdump.cache import user_cache

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
SCHEMA = json.loads((ROOT / "newsdump" / "schema" / "record.schema.json").read_text(encoding="utf-8"))


def test_the_license_file_is_the_mit_license_pyproject_names() -> None:
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text


def test_classifiers_and_keywords_describe_the_package() -> None:
    classifiers = PROJECT["classifiers"]
    assert "Programming Language :: Python :: 3 :: Only" in classifiers
    assert "Topic :: Text Processing :: Linguistic" in classifiers and "Typing :: Typed" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # PEP 639: the expression says it
    versions = [c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r".*Python :: 3\.\d+", c)]
    assert versions and min(versions, key=lambda v: int(v.split(".")[1])) == "3.11"
    assert PROJECT["requires-python"] == ">=3.11" and "news" in PROJECT["keywords"]


def test_the_version_has_one_home() -> None:
    init = (ROOT / "newsdump" / "__init__.py").read_text(encoding="utf-8")
    assert not re.search(r"__version__\s*=", init)  # read from the installed metadata instead
    version = importlib.metadata.version("newsdump")
    assert newsdump.__version__ == version == PROJECT["version"]
    from newsdump.cli import app

    assert CliRunner().invoke(app, ["-V"]).output == f"newsdump {version}\n"


def test_the_typing_marker_ships_and_the_engine_stub_matches_the_engine() -> None:
    import newsdump._engine as engine

    assert (ROOT / "newsdump" / "py.typed").is_file()
    maturin = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["maturin"]
    assert maturin["module-name"] == "newsdump._engine"
    assert maturin["python-packages"] == ["newsdump"]  # everything under newsdump/ ships: py.typed too
    stub = (ROOT / "newsdump" / "_engine.pyi").read_text(encoding="utf-8")
    stubbed = set(re.findall(r"^(?:class|def) (\w+)", stub, re.MULTILINE))
    assert stubbed == {name for name in dir(engine) if not name.startswith("_")}


def test_dir_lists_the_api_and_every_name_in_it_resolves() -> None:
    assert {"convert_text", "Pipeline", "Record", "__version__"} <= set(newsdump.__all__)
    assert set(newsdump.__all__) <= set(dir(newsdump))
    namespace: dict[str, object] = {}
    exec("from newsdump import *", namespace)  # noqa: S102
    assert set(newsdump.__all__) <= set(namespace)
    with pytest.raises(AttributeError):
        newsdump.no_such_name  # noqa: B018


def _schema_keys(node: dict) -> tuple[set[str], set[str]]:  # type: ignore[type-arg]
    node = node.get("items", node)
    return set(node["required"]), set(node["properties"])


@pytest.mark.parametrize(
    "name, path",
    [("Record", []), ("RecordSource", ["source"]), ("Related", ["related"]), ("QuoteRecord", ["quotes"]),
     ("Embed", ["embeds"]), ("Comment", ["comments"]), ("Boilerplate", ["boilerplate"]),
     ("Diagnostics", ["diagnostics"]), ("Segment", ["diagnostics", "segments"])],
)  # fmt: skip
def test_the_record_typeddicts_match_the_json_schema(name: str, path: list[str]) -> None:
    node = SCHEMA
    for key in path:
        node = node["properties"][key]
    required, properties = _schema_keys(node)
    typed = getattr(newsdump, name)
    assert required <= typed.__required_keys__  # newsdump may always write more than the schema asks
    assert typed.__required_keys__ | typed.__optional_keys__ == properties


def test_convert_text_returns_records_of_that_shape() -> None:
    assert typing.get_type_hints(newsdump.convert_text)["return"] == list[newsdump.Record]
    [record, *_] = newsdump.convert_text((SAMPLES / "en-harbour.txt").read_text(encoding="utf-8"))
    assert set(record) == newsdump.Record.__required_keys__
    assert set(record["source"]) == newsdump.RecordSource.__required_keys__


def test_convert_text_takes_a_language_like_the_cli() -> None:
    text = (SAMPLES / "fr-velo.txt").read_text(encoding="utf-8")
    assert {r["lang"] for r in newsdump.convert_text(text)} == {"fr"}
    assert {r["lang"] for r in newsdump.convert_text(text, lang="FR ")} == {"fr"}
    assert {r["lang"] for r in newsdump.convert_text(text, lang="de")} == {"de"}
    for bad in ("samples/", "french", "zxx"):
        with pytest.raises(ValueError, match="is not an ISO 639-1 language code"):
            newsdump.convert_text(text, lang=bad)


@pytest.mark.parametrize("name, encoding", [("ru-park.txt", "cp1251"), ("ar-seed.txt", "utf-16")])
def test_convert_text_decodes_bytes_as_files_are_decoded(name: str, encoding: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    from_text, from_bytes = newsdump.convert_text(text), newsdump.convert_text(text.encode(encoding))
    assert [r["body"] for r in from_bytes] == [r["body"] for r in from_text]
    assert [r["title"] for r in from_bytes] == [r["title"] for r in from_text]
    assert from_bytes[0]["diagnostics"]["encoding"].replace("windows-", "cp") == encoding
    with pytest.raises(TypeError, match="str or bytes"):
        newsdump.convert_text(1234)  # type: ignore[arg-type]


def _fake_model(path: Path, seed: int) -> None:
    """A packed model with py3langid's arrays (tiny): what `_unpacked` reads."""
    rng = np.random.default_rng(seed)
    arrays = {
        "ptc": rng.random((4, 2)), "pc": rng.random(2), "classes": np.array(["en", "fr"]),
        "nextmove_row": np.arange(3), "out_feat": np.arange(4), "nextmove": np.arange(8, dtype=np.uint32),
    }  # fmt: skip
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.write_bytes(lzma.compress(buffer.getvalue()))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "newsdump"


def test_the_langid_cache_lives_in_the_platforms_cache_folder(cache: Path) -> None:
    assert user_cache() == cache  # $XDG_CACHE_HOME/newsdump on Linux (platformdirs)


def test_a_reinstall_reuses_the_unpacked_langid_model(tmp_path: Path, cache: Path) -> None:
    model = tmp_path / "model.npz.xz"
    _fake_model(model, 1)
    first = langid._unpacked(model)
    os.utime(model, ns=(10**18, 10**18))  # a new install: the same bytes, a new file time
    assert langid._unpacked(model) == first
    assert [p.name for p in cache.iterdir()] == [first.name]


def test_a_new_langid_model_removes_the_stale_copies(tmp_path: Path, cache: Path) -> None:
    old_style = cache / "langid-4586720-1796194869069273749-little"  # mtime-named, before this fix
    old_style.mkdir(parents=True)
    (old_style / "done").touch()
    model = tmp_path / "model.npz.xz"
    _fake_model(model, 1)
    first = langid._unpacked(model)
    _fake_model(model, 2)
    second = langid._unpacked(model)
    assert second != first and [p.name for p in cache.iterdir()] == [second.name]
    rng = np.random.default_rng(2)
    rng.random((4, 2))
    assert np.load(second / "pc.npy").tolist() == rng.random(2).tolist()  # the new model's tables
