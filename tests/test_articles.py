"""Titles and article boundaries: what the record says about each article of a dump."""

from __future__ import annotations

import pytest

from newsdump.model import Dump, Label, Source
from newsdump.pipeline import Pipeline, PipelineOptions
from newsdump.segmenters.articles import clean_title, same_headline, tokens

PROSE = (
    "The regional council met on Monday to discuss the new transport plan, which would add three bus lines "
    "and extend the tram to the airport by the end of the decade."
)
PROSE2 = (
    "Opposition members said the plan was too expensive and asked for an independent review of the costs "
    "before any contract is signed with a construction company."
)


def _records(text: str, lang: str = "en") -> list[dict]:
    return Pipeline(options=PipelineOptions(lang=lang))(Dump(text, Source(path="t.txt")))


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Storm floods the harbour district | World | Example Gazette", "Storm floods the harbour district"),
        ("Storm floods the harbour district - Example Gazette", "Storm floods the harbour district"),
        ("城市公园夜间开放时间延长至十点_新闻频道_示例新闻网", "城市公园夜间开放时间延长至十点"),
        ("# Storm floods the harbour district", "Storm floods the harbour district"),
        # a dash inside a headline whose tail is long is kept
        ("Talks resume - both sides say a deal on wages and hours is within reach", None),
        # "Site — Author": the head is too short to be a headline, nothing is stripped
        ("أخبارنا المغربية ــ محمد لحلو", None),
    ],
)
def test_clean_title_strips_site_suffix_only(line: str, title: str | None) -> None:
    assert clean_title(line) == (title or line)


def test_same_headline_allows_a_suffix_and_a_bullet() -> None:
    headline = tokens("Storm floods the harbour district overnight")
    assert same_headline("  • Storm floods the harbour district overnight", headline)
    assert same_headline("Storm floods the harbour district overnight | Gazette", headline)
    assert not same_headline("Storm warning issued for the harbour", headline)


def test_record_title_is_the_h1_without_site_suffix() -> None:
    text = "\n".join(
        [
            "Council backs the new transport plan | Example Gazette",
            "",
            "Home",
            "Politics",
            "",
            "Council backs the new transport plan",
            "",
            PROSE,
            "",
            PROSE2,
        ]
    )
    records = _records(text)
    assert len(records) == 1
    assert records[0]["title"] == "Council backs the new transport plan"
    titles = [s["lines"] for s in records[0]["diagnostics"]["segments"] if s["label"] == "title"]
    assert titles == [[1, 1], [6, 6]]


def test_no_title_without_a_headline_line() -> None:
    records = _records(f"{PROSE}\n\n{PROSE2}\n")
    assert records[0]["title"] is None


def test_menu_item_is_never_the_title() -> None:
    doc = Pipeline(options=PipelineOptions(lang="en")).label(
        Dump(f"  • Home\n  • Politics\n  • Sport\n\n{PROSE}\n\n{PROSE2}\n", Source(path="t.txt"))
    )
    assert Label.TITLE not in doc.labels


def test_read_also_article_is_a_second_record_with_its_title() -> None:
    text = "\n".join(
        [
            "Council backs the new transport plan",
            "",
            PROSE,
            "",
            "Source: Reuters",
            "",
            "Read also:",
            "",
            "Airport expects record passenger numbers this summer",
            "",
            "The airport expects more than four million passengers between June and September, a new record that "
            "would exceed the previous peak by almost ten percent.",
            "",
            "Airlines have added routes to the south and to several islands, and the airport plans to open a "
            "temporary terminal to handle the crowds at weekends.",
        ]
    )
    records = _records(text)
    assert [r["title"] for r in records] == [
        "Council backs the new transport plan",
        "Airport expects record passenger numbers this summer",
    ]
    assert "Read also" not in records[1]["body"] and "four million" in records[1]["body"]


def test_lines_above_the_title_belong_to_no_article() -> None:
    doc = Pipeline(options=PipelineOptions(lang="en")).label(
        Dump(
            f"Home\nPolitics\n\nCouncil backs the new transport plan\n\n{PROSE}\n\n{PROSE2}\n",
            Source(path="t.txt"),
        )
    )
    assert doc.articles[:2] == [None, None]
    assert doc.articles[3] == 0 and doc.titles == {0: 3}


def test_a_read_also_line_over_its_story_titles_the_second_article_without_its_prefix() -> None:
    text = (
        f"Transport plan approved by the regional council\n\n{PROSE}\n\n{PROSE2}\n\nShare this article\n\n"
        "Read also: Bus drivers agree to a new contract after long talks\n\n"
        "Bus drivers in the region accepted a new contract on Thursday after talks that lasted more than "
        "four months and included two short strikes.\n\n"
        "The agreement raises wages by six percent over two years and limits split shifts, the drivers' "
        "union said in a statement on Friday.\n"
    )
    titles = [r["title"] for r in _records(text)]
    assert titles == [
        "Transport plan approved by the regional council",
        "Bus drivers agree to a new contract after long talks",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Council approves the new harbour bridge.",
        "市议会批准了新的港口大桥。",
        "नगर निगम ने नए पुल के निर्माण को मंजूरी दे दी।",  # a Devanagari danda ends a sentence too
    ],
)
def test_a_line_ending_with_a_period_of_any_script_is_no_headline(line: str) -> None:
    from newsdump.document import Doc
    from newsdump.segmenters.articles import headline_like

    def doc(text: str) -> Doc:
        return Doc.from_dump(Dump(text + "\n", Source(path="t.txt")))

    assert not headline_like(doc(line), 0)
    assert headline_like(doc(line[:-1]), 0)  # the same words without their period


@pytest.mark.parametrize(
    ("page_title", "headline"),
    [
        ("Harbour bridge to close for repairs over the summer - The Coast Herald", "Harbour bridge"),
        ("Hafenbrücke wird im Sommer für Reparaturen gesperrt | Küstenbote", "Hafenbrücke"),
    ],
)
def test_a_page_title_alone_gives_the_headline_without_the_site_name(page_title: str, headline: str) -> None:
    text = f"{page_title}\n\nHome\nNews\nSport\nWeather\n\n{PROSE}\n\n{PROSE}\n"
    title = _records(text)[0]["title"]
    assert title is not None and title.startswith(headline)
    assert title == page_title.rsplit(" - " if " - " in page_title else " | ", 1)[0]
