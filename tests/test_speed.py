"""Invariants the speed-ups rely on: each shortcut must give the answer of the long way round."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdump.normalize import _key, for_matching

# Spaces of every kind, invisible and combining marks, Arabic forms, ligatures and letters.
_CHARS = st.sampled_from(
    [
        " ",
        "\t",
        "\u00a0",
        "\u3000",
        "\u2028",
        "\x1c",
        "\u200b",
        "\u0301",
        "¨",
        "ﬁ",
        "أ",
        "\u064b",
        "ß",
        "a",
        "Z",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=10).map("".join))
def test_normalized_keys_ignore_surrounding_spaces(text: str) -> None:
    """articles.py takes a doc line's key for its stripped copy's key."""
    assert for_matching(text) == for_matching(text.strip())
    assert _key(text) == _key(text.strip())


def test_langid_table_is_mapped_not_copied(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The model's big table is a view of the mapped file: shared between workers, not private memory."""
    import numpy as np

    from newsdump import langid

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    langid._identifier.cache_clear()
    try:
        table = langid._identifier().nb_ptc
        assert type(table) is np.ndarray  # not np.memmap, whose indexing is slow
        assert not table.flags.owndata and isinstance(table.base, np.memmap)
    finally:
        langid._identifier.cache_clear()


def _naive_paragraphs(lines: list[str], body: list[int]) -> str:
    """assemble.paragraphs the long way: search the whole joined paragraph for its end."""
    from newsdump.assemble import _BULLET, _TERMINAL

    parts: list[str] = []
    previous = -2
    for i in body:
        text = lines[i].strip()
        if i == previous + 1 and parts and not _TERMINAL.search(parts[-1]) and not _BULLET.match(text):
            parts[-1] = f"{parts[-1]} {text}"
        else:
            parts.append(text)
        previous = i
    return "\n\n".join(parts)


_LINE_PARTS = st.sampled_from(
    ["Storm floods", "the harbour.", "- item", "“quote”", " ", "", "»", "2024:", "\u3000"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_LINE_PARTS, max_size=3).map(" ".join), max_size=12), st.data())
def test_paragraphs_join_like_the_whole_paragraph_search(lines: list[str], data: st.DataObject) -> None:
    """Joining decides on the paragraph's last non-empty line, not on the whole (quadratic) text."""
    from newsdump.assemble import paragraphs
    from newsdump.document import Doc
    from newsdump.model import Dump, Source

    doc = Doc.from_dump(Dump("\n".join(lines), Source(path="-")))
    body = sorted(data.draw(st.sets(st.sampled_from(range(len(doc.lines))))) if doc.lines else set())
    assert paragraphs(doc, body) == _naive_paragraphs(doc.lines, body)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 3)), max_size=30))
def test_meta_owners_are_the_next_article(articles: list[int | None]) -> None:
    """meta._owners in one pass gives each line its article, else the next line's, else the first."""
    from newsdump.document import Doc
    from newsdump.model import Dump, Source
    from newsdump.segmenters.meta import _owners

    doc = Doc.from_dump(Dump("x\n" * len(articles), Source(path="-")))
    doc.articles = articles
    expected = [
        a if a is not None else next((b for b in articles[i:] if b is not None), 0)
        for i, a in enumerate(articles)
    ]
    assert _owners(doc) == expected
