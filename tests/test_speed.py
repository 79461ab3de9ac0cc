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
