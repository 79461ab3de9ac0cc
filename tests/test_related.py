"""Related-link lists: which lines are related headlines, and what the record lists."""

from __future__ import annotations

import pytest

from newsdump.document import Doc
from newsdump.model import Dump, Label, Source
from newsdump.pipeline import Pipeline, PipelineOptions
from newsdump.segmenters.related import related_text

PROSE = (
    "The regional council met on Monday to discuss the new transport plan, which would add three bus lines "
    "and extend the tram to the airport by the end of the decade."
)
PROSE2 = (
    "Opposition members said the plan was too expensive and asked for an independent review of the costs "
    "before any contract is signed with a construction company."
)
ARTICLE = f"Council backs the new transport plan\n\n{PROSE}\n\n{PROSE2}\n\n"


def _label(text: str, lang: str = "en") -> Doc:
    return Pipeline(options=PipelineOptions(lang=lang)).label(Dump(text, Source(path="t.txt")))


def _related(doc: Doc) -> list[str]:
    return [doc.lines[i].strip() for i, label in enumerate(doc.labels) if label is Label.RELATED]


def test_record_lists_headlines_without_bullets() -> None:
    text = (
        ARTICLE
        + "Related stories\n\n  • Tram works close the bridge for a month\n  • Bus fares to rise in spring\n"
    )
    records = Pipeline(options=PipelineOptions(lang="en"))(Dump(text, Source(path="t.txt")))
    assert [r["text"] for r in records[0]["related"]] == [
        "Tram works close the bridge for a month",
        "Bus fares to rise in spring",
    ]


def test_site_wide_box_is_boilerplate_of_no_article() -> None:
    text = ARTICLE + "Most popular\n\nSinger cancels the summer tour\nTen walks around the lake\n"
    doc = _label(text)
    assert _related(doc) == []
    box = [
        i for i, line in enumerate(doc.lines) if line in ("Singer cancels the summer tour", "Most popular")
    ]
    assert all(doc.kinds[i] == "most_read" and doc.articles[i] is None for i in box)


def test_a_more_from_section_box_is_site_wide() -> None:
    """ "More from Business" names the site's section, not this story: its box belongs to no article."""
    text = ARTICLE + "More from Business\n\nSinger cancels the summer tour\nTen walks around the lake\n"
    doc = _label(text)
    assert _related(doc) == []
    box = [i for i, line in enumerate(doc.lines) if line.startswith(("More from", "Singer", "Ten walks"))]
    assert all(doc.kinds[i] == "most_read" and doc.articles[i] is None for i in box)


def test_list_stops_at_prose() -> None:
    text = (
        ARTICLE
        + "See also\n\nTram works close the bridge for a month\n\n"
        + PROSE.replace("Monday", "Friday")
        + "\n"
    )
    doc = _label(text)
    assert _related(doc) == ["Tram works close the bridge for a month"]
    assert doc.labels[-1] is not Label.RELATED


def test_share_widgets_are_not_an_unheaded_list() -> None:
    doc = _label(ARTICLE + "Share on Facebook\nShare on Twitter\nShare via Email\n")
    assert _related(doc) == []


def test_unheaded_list_needs_three_headlines() -> None:
    doc = _label(ARTICLE + "Tram works close the bridge for a month\nBus fares to rise in spring\n")
    assert _related(doc) == []


def test_prev_next_prefix_is_stripped_from_the_item() -> None:
    assert related_text("Next article: Bus fares to rise in spring") == "Bus fares to rise in spring"
    assert related_text("Siguiente artículo: Suben las tarifas", "es") == "Suben las tarifas"
    assert related_text("  • Bus fares to rise in spring") == "Bus fares to rise in spring"
    assert related_text("Next steps for the council") == "Next steps for the council"


@pytest.mark.parametrize(
    ("line", "lang", "item"),
    [
        (
            "Read also: Ministry announces the dates of the final exams",
            "en",
            "Ministry announces the dates of the final exams",
        ),
        (
            "اقرأ أيضا: وزارة التربية تعلن موعد امتحانات نهاية العام",
            "ar",
            "وزارة التربية تعلن موعد امتحانات نهاية العام",
        ),
        (
            "Читайте также: Министерство объявило даты выпускных экзаменов",
            "ru",
            "Министерство объявило даты выпускных экзаменов",
        ),
        (
            "Читай также: Как выбрать зимние шины для города",
            "ru",
            "Как выбрать зимние шины для города",
        ),
    ],
)
def test_an_inline_read_also_item_is_listed_without_its_prefix(line: str, lang: str, item: str) -> None:
    assert related_text(line, lang) == item


def test_an_inline_item_needs_a_separator_after_its_prefix() -> None:
    from newsdump.segmenters.related import _inline_item

    assert _inline_item("Read also: Ministry announces the dates of the final exams", "en")
    assert not _inline_item("Mehr zum Thema Radwege Stadtverkehr Umfrage Parkplätze", "de")  # topic tags
    assert not _inline_item("Read also:", "en")  # a header


def test_crossheads_over_photos_are_no_teaser_cards() -> None:
    """Blocks of crosshead, photo file and paragraph look like cards, but a paragraph is no teaser."""
    paragraphs = [
        "The recipe goes back to the owner's grandmother, who baked for the whole street after the war, and "
        "it has hardly changed since then, apart from the flour, which now comes from a mill up the valley.",
        "The owners said they would use the prize money to buy a second oven and to take on two apprentices "
        "from the local school next autumn, so that the shop can also open on Sunday mornings.",
        "The jury praised the crust and the long fermentation, and said the bakery had kept a tradition alive "
        "that most towns have lost in the last thirty years, since the supermarkets came to the ring road.",
    ]
    heads = ["A recipe from the grandmother", "Plans for a second oven", "A tradition kept alive"]
    images = ["bakery-oven.jpg", "bakery-team.jpg", "bakery-bread.jpg"]
    blocks = [f"{h}\n{i}\n{p}" for h, i, p in zip(heads, images, paragraphs, strict=True)]
    doc = _label(ARTICLE + "\n\n".join(blocks) + "\n")
    assert _related(doc) == []
    assert not any(rule.startswith("related.") for rule in doc.rules)
    body = {doc.lines[i] for i, label in enumerate(doc.labels) if label is Label.BODY}
    assert set(paragraphs) <= body
