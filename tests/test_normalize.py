"""The matching key: one form for the spellings a cue phrase must not have to list twice."""

from __future__ import annotations

import pytest

from newsdump.normalize import for_matching


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Share  on\tFacebook ", "share on facebook"),  # case and spacing
        ("إقرأ أيضاً", "اقرا ايضا"),  # Arabic hamza forms and harakat
        ("Read\u200b also", "read also"),  # a zero-width space
        ("Toate drepturile rezervate, știri", "Toate drepturile rezervate, ştiri"),  # Romanian ș / ş
        ("Țară", "Ţară"),  # Romanian Ț / Ţ
    ],
)
def test_spellings_of_one_phrase_share_a_key(a: str, b: str) -> None:
    assert for_matching(a) == for_matching(b)


def test_distinct_letters_keep_distinct_keys() -> None:
    assert for_matching("şiş") != for_matching("sis")  # folding unifies spellings, never strips letters
    assert for_matching("Ürün") != for_matching("Urun")
