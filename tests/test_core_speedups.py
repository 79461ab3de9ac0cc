"""The shared core's speed-ups must not change answers: lexicon edges and memo, the mapped langid
model, the compiled byte automaton (newsdump._engine.Dfa) against py3langid's own loop."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdump import langid, lexicon
from newsdump._engine import Dfa
from newsdump.normalize import for_matching


@pytest.mark.parametrize(
    ("key", "bare"),
    [
        ("• share •", "share"),
        ("«facebook»", "facebook"),
        ("   ...   ", ""),
        ("", ""),
        ("— a - b —", "a - b"),  # inner punctuation stays
        ("١٢ خبر ،", "١٢ خبر"),
        ("x" + " " * 5000 + "|", "x"),  # padded extractor lines
    ],
)
def test_bare_strips_only_the_edges(key: str, bare: str) -> None:
    assert lexicon._bare(key) == bare


def test_memoized_match_gives_the_same_cue_every_time() -> None:
    lex = lexicon.load("cues", ())
    key = for_matching("• Facebook •")
    first = lex.match(key)
    assert first is not None and first.category == "share"
    assert lex.match(key) == first
    assert lex.match(for_matching("A sentence about facebook and its users.")) is None


def test_mapped_model_classifies_like_the_shipped_one(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from py3langid import langid as shipped

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    langid._identifier.cache_clear()
    try:
        mapped = langid._identifier()
        assert isinstance(mapped.tk_nextmove, memoryview)  # the cache path, not the fallback
        texts = [
            "Это короткая новость о погоде в Москве на выходных.",
            "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المنطقة.",
            "The council voted on Tuesday to close the old bridge for repairs.",
            "国务院常务会议今天决定加快铁路建设。",
            "",  # no feature at all
        ]
        reference = shipped._get_identifier()
        assert [mapped.classify(t) for t in texts] == [reference.classify(t) for t in texts]
        assert (tmp_path / "newsdump").is_dir()
    finally:
        langid._identifier.cache_clear()


def assert_counts_like_py3langid(text: str) -> None:
    from py3langid import langid as shipped

    identifier = langid._identifier()
    data = text.encode()
    expected = shipped.visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, data)
    counted = Dfa(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output)(data)
    assert counted == expected
    assert list(counted or ()) == list(expected or ())  # same order: the scores sum in it


@pytest.mark.parametrize(
    "text", ["", "a", "Le conseil a voté mardi.", "Ünlü yazar İstanbul'da 🎉", "x" * 5000]
)
def test_native_automaton_counts_like_py3langid(text: str) -> None:
    assert_counts_like_py3langid(text)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_native_automaton_counts_any_text_like_py3langid(text: str) -> None:
    assert_counts_like_py3langid(text)


def test_native_automaton_counts_the_samples_like_py3langid() -> None:
    from pathlib import Path

    for sample in sorted(Path(__file__).parent.parent.joinpath("samples").glob("*.txt")):
        assert_counts_like_py3langid(sample.read_text(encoding="utf-8"))


def test_native_automaton_refuses_a_table_that_leads_nowhere() -> None:
    from array import array

    with pytest.raises(ValueError, match="row or feature out of range"):
        Dfa(array("I", [0] * 255), [0], [-1])  # a row shorter than 256 bytes
    with pytest.raises(TypeError, match="unsigned 32-bit"):
        Dfa(array("d", [0.0] * 256), [0], [-1])
    broken = Dfa(array("I", [0] * 97 + [5] + [0] * 158), [0], [-1])
    assert broken(b"bcd") is None  # only byte 97 ("a") leads to a state that does not exist
    with pytest.raises(ValueError, match="leads to state 5 of 1"):
        broken(b"abc")
    assert broken(b"bcd") is None  # an error leaves the scratch counts zeroed


def test_detect_needs_letters() -> None:
    assert langid.detect(["12:30 | 2024-01-01", "---"]) is None
    assert langid.detect(["The council voted on Tuesday to close the old bridge for repairs."]) == "en"
