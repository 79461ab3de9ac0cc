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
