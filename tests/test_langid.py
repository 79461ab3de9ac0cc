"""Language identification samples the prose of a dump, not its markup."""

from __future__ import annotations

import base64

import pytest

from newsdump import langid

POLISH = [
    "Choroba jest powszechna, szczególnie wśród dzieci, i trzeba ją leczyć, aby nie było powikłań.",
    "Lekarze mogą już w kilka minut stwierdzić, czy w organizmie jest bakteria, ale test bywa zawodny.",
]
GREEK = [
    "Οι γιατροί λένε ότι η ασθένεια είναι συχνή στα παιδιά και πρέπει να θεραπεύεται έγκαιρα.",
    "Το υπουργείο ανακοίνωσε χθες ότι τα σχολεία θα μείνουν κλειστά για δύο ακόμη ημέρες.",
]


def _markdown_pictures(count: int) -> list[str]:
    """html2text's image lines: the longest lines of the dump, and no language at all."""
    blob = base64.b64encode(bytes(range(256)) * 2).decode()
    return [
        f"![](data:image/png;base64,{blob}) ![](http://img.example.org/a/{k}/{'x' * 80}.jpg)"
        for k in range(count)
    ]


@pytest.mark.parametrize(("prose", "lang"), [(POLISH, "pl"), (GREEK, "el")])
def test_image_markup_and_urls_do_not_crowd_the_prose_out_of_the_sample(prose: list[str], lang: str) -> None:
    assert langid.identify([*_markdown_pictures(12), *prose]).lang == lang


def test_han_text_without_spaces_is_sampled_whole() -> None:
    """Only ASCII runs without a space are taken for codes: a Chinese sentence has no spaces either."""
    line = "市政府周二表示，新的有轨电车线路将于明年年底前通车，并连接北部的三个居民区。" * 2
    assert langid.identify([*_markdown_pictures(12), line]).lang == "zh"
