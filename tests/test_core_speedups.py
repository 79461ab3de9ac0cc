"""The shared core's speed-ups must not change answers: lexicon edges and memo, the mapped langid model."""

from __future__ import annotations

import pytest

from newsdump import langid, lexicon
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
        ]
        reference = shipped._get_identifier()
        assert [mapped.classify(t) for t in texts] == [reference.classify(t) for t in texts]
        assert (tmp_path / "newsdump").is_dir()
    finally:
        langid._identifier.cache_clear()


def test_detect_needs_letters() -> None:
    assert langid.detect(["12:30 | 2024-01-01", "---"]) is None
    assert langid.detect(["The council voted on Tuesday to close the old bridge for repairs."]) == "en"
