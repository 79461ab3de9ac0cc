"""Hard-wrapped dumps: the wrap width is found and wrapped paragraphs are rejoined, nothing else is."""

from __future__ import annotations

import textwrap

import pytest

from newsdump.paragraphs import paragraph_units, unit_text, wrap_width

PARAGRAPHS = {
    "en": (
        "The harbour authority said on Monday that the new breakwater would be finished before the "
        "winter storms, after two years of delays caused by a shortage of steel and a dispute with "
        "the contractor over the price of the concrete blocks."
    ),
    "ar": (
        "جدد الرئيس اليوم الاثنين عزمه السعي لإغلاق المعتقل، معتبرا أن إغلاقه أكثر فائدة، وذلك رغم "
        "الإقرار بعودة بعض المفرج عنهم إلى تنظيمات متطرفة، وقال إن الفوائد الإستراتيجية تفوق ذلك."
    ),
    "de": (
        "Mit dem neuen Gerät gibt es erstmals ein Telefon, das man wirklich als modular bezeichnen "
        "kann. Der Schritt zu diesem Design sei teuer und riskant gewesen, habe aber geklappt."
    ),
}
MENU = ["Home", "World", "Politics", "Business", "Sport", "Weather", "Contact us"]


def wrapped_dump(width: int = 72) -> list[str]:
    lines = ["Site name | News", "", *MENU, ""]
    for text in PARAGRAPHS.values():
        for _ in range(2):
            lines += [*textwrap.wrap(text, width), ""]
    return [*lines, "© 2024 Site name"]


def content(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()]


@pytest.mark.parametrize("width", [64, 72, 78, 100])
def test_the_wrap_width_of_a_greedily_wrapped_dump_is_found(width: int) -> None:
    lines = wrapped_dump(width)
    found = wrap_width(lines, content(lines))
    assert found is not None and width - 12 < found <= width


def test_wrapped_paragraphs_are_rejoined_word_for_word() -> None:
    lines = wrapped_dump(72)
    units = paragraph_units(lines, content(lines))
    joined = [unit_text(lines, unit) for unit in units if len(unit) > 1]
    assert joined == [text for text in PARAGRAPHS.values() for _ in range(2)]


def test_menu_lines_and_footer_stay_single_units() -> None:
    lines = wrapped_dump(72)
    units = paragraph_units(lines, content(lines))
    singles = {lines[unit[0]] for unit in units if len(unit) == 1}
    assert set(MENU) | {"Site name | News", "© 2024 Site name"} <= singles


def test_every_content_line_is_in_exactly_one_unit() -> None:
    lines = wrapped_dump(78)
    units = paragraph_units(lines, content(lines))
    assert [i for unit in units for i in unit] == content(lines)


def test_an_unwrapped_dump_has_no_width_and_one_unit_per_line() -> None:
    lines = [text for text in PARAGRAPHS.values() for _ in range(6)] + MENU
    assert wrap_width(lines, content(lines)) is None
    assert all(len(unit) == 1 for unit in paragraph_units(lines, content(lines)))


def test_table_rows_padded_to_one_width_are_not_wrapped_prose() -> None:
    rows = [f"{'Team ' + str(k):<60}{'Rivals ' + str(k):<20}{k}:{k + 1}" for k in range(20)]
    assert wrap_width(rows, content(rows)) is None


def test_list_items_and_headings_start_their_own_unit() -> None:
    lines = wrapped_dump(72)
    at = lines.index("") + 1 + len(MENU) + 1  # first line of the first paragraph
    lines[at + 1] = "* " + lines[at + 1]
    units = paragraph_units(lines, content(lines))
    assert next(unit for unit in units if at + 1 in unit)[0] == at + 1


LONG_ITEMS = [
    "  * A list item that the converter leaves on one line however long it is, as html2text does with items",
    "![A photo caption that runs on and on](https://example.org/images/2024/a-very-long-image-name.jpg)",
    "  * Another unwrapped item: menus and teaser lists keep one line per link, whatever the width may be",
]


@pytest.mark.parametrize("width", [64, 78])
def test_unwrapped_list_items_and_image_markup_do_not_hide_the_width(width: int) -> None:
    """html2text wraps prose but leaves list items and `![](…)` lines whole: they say nothing of the width."""
    lines = wrapped_dump(width)
    lines[3:3] = LONG_ITEMS * 3
    found = wrap_width(lines, content(lines))
    assert found is not None and width - 12 < found <= width


def test_a_dump_of_long_one_line_paragraphs_is_not_wrapped_at_any_width() -> None:
    """Paragraphs on one line each (resiliparse, inscriptis), some of them short enough to look broken."""
    long = [text for text in PARAGRAPHS.values()]
    short = ["The minister arrived in the capital late on Monday evening for talks", "Talks resume today"]
    lines = [line for _ in range(4) for line in [*long, *short, ""]]
    assert wrap_width(lines, content(lines)) is None


def test_a_wrapped_article_among_few_lines_still_gives_its_width() -> None:
    """A short story: two wrapped paragraphs are enough evidence, with no other long lines."""
    text = PARAGRAPHS["en"] + " " + PARAGRAPHS["de"]
    lines = ["Home", "News", "", *textwrap.wrap(text, 72), "", *textwrap.wrap(text, 72)]
    found = wrap_width(lines, content(lines))
    assert found is not None and 60 < found <= 72


def test_a_line_broken_before_a_path_separator_joins_its_paragraph_but_a_block_quote_does_not() -> None:
    """Converters set a blank line before a block quote: a `>` right under text is the wrapped rest."""
    crumbs = " > ".join(["Home", "Business", "Energy", "Renewables", "Offshore wind", "Harbours"] * 3)
    menu = textwrap.wrap(crumbs, 72)
    assert any(line.startswith(">") for line in menu[1:])
    quote = [
        "> The harbour will be ready before winter, the minister said on the radio.",
        "> She did not say more.",
    ]
    lines = [*wrapped_dump(), "", *menu, "", *quote]
    units = paragraph_units(lines, content(lines))
    start = len(lines) - len(menu) - len(quote) - 1
    assert [start + k for k in range(len(menu))] in units
    assert [len(lines) - 2, len(lines) - 1] in units  # the quote: one unit of its own


@pytest.mark.parametrize("fence", ["::: {.claim}", ":::: {#donate .box}", ":::"])
def test_a_pandoc_fence_is_a_line_of_its_own(fence: str) -> None:
    """pandoc's fenced divs open and close on their own line: the prose under one is a new unit."""
    appeal = textwrap.wrap(
        "Notre journal n'appartient à aucun milliardaire : il est financé par ses lecteurs, comme vous, "
        "et chaque don nous aide à enquêter plus longtemps sur les sujets qui comptent.",
        72,
    )
    lines = [*wrapped_dump(72), "", fence, *appeal, fence.split(" ")[0]]
    units = paragraph_units(lines, content(lines))
    at = lines.index(fence)
    assert [at] in units
    assert [at + 1 + k for k in range(len(appeal))] in units


SENTENCE_PIECES = {
    "en": ["The council voted on Tuesday", "to close", "the old fish market at the end of the summer."],
    "de": ["Der Stadtrat hat am Dienstag", "beschlossen", ", den alten Fischmarkt im Sommer zu schließen."],
}


@pytest.mark.parametrize("lang", sorted(SENTENCE_PIECES))
def test_a_sentence_cut_into_text_nodes_is_one_unit(lang: str) -> None:
    """One text node per line: a sentence cut where its links begin and end, blank lines between."""
    pieces = SENTENCE_PIECES[lang]
    lines = ["Home", "", *[line for piece in pieces for line in (piece, "", "")][:-2], "", "Contact"]
    units = paragraph_units(lines, content(lines))
    starts = [lines.index(piece) for piece in pieces]
    assert starts in units
    assert unit_text(lines, starts).startswith(pieces[0] + " " + pieces[1])


def test_lower_case_menu_entries_and_unfinished_pieces_stay_apart() -> None:
    menu = ["главная", "", "новости", "", "войти", "", "регистрация"]
    unfinished = ["The council voted on Tuesday", "", "to close the old fish market"]  # no sentence end
    lines = [*menu, "", *unfinished]
    assert paragraph_units(lines, content(lines)) == [[i] for i in content(lines)]
