"""Meta: what the boilerplate of an article tells, dates normalized to ISO 8601."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsdump.model import Dump, Source
from newsdump.pipeline import Pipeline, PipelineOptions
from newsdump.segmenters.meta import looks_like_date, parse_date

PROSE = (
    "The regional council met on Monday to discuss the new transport plan, which would add three bus lines "
    "and extend the tram to the airport by the end of the decade."
)


@pytest.mark.parametrize(
    ("line", "lang", "iso"),
    [
        ("Published: 3 Jan 2019", "en", "2019-01-03"),
        ("12 March 2024 08:15", "en", "2024-03-12T08:15"),
        ("14. Dezember 2015, 15:54 Uhr", "de", "2015-12-14T15:54"),
        ("Текст: Мария Иванова · 11 октября 2018", "ru", "2018-10-11"),
        ("发稿时间： 2017-03-10 08:42:00 来源： 示例日报", "zh", "2017-03-10T08:42"),
        ("Dodano: 1 stycznia 2012, 8:45", "pl", "2012-01-01T08:45"),
    ],
)
def test_dates_are_iso(line: str, lang: str, iso: str) -> None:
    assert looks_like_date(line)
    assert parse_date(line, lang) == iso


@pytest.mark.parametrize(
    "line", ["Council backs the new transport plan", "2008 jet crash blamed on turbine blade", PROSE]
)
def test_headlines_and_prose_are_not_dates(line: str) -> None:
    assert not looks_like_date(line)


def test_meta_has_author_and_date() -> None:
    text = (
        f"Council backs the new transport plan\n\nBy Jane Miller\n12 March 2024 08:15\n\n{PROSE}\n\n{PROSE}\n"
    )
    record = Pipeline(options=PipelineOptions(lang="en"))(Dump(text, Source(path="t.txt")))[0]
    assert record["meta"]["author"] == "Jane Miller"
    assert record["meta"]["date"] == "2024-03-12T08:15"


def test_dateparser_is_imported_lazily() -> None:
    code = "import sys, newsdump.segmenters.meta; print('dateparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tags_under_a_bare_header_and_no_teaser_byline() -> None:
    text = (
        f"Council backs the new transport plan\n\n{PROSE}\n\n{PROSE}\n\n"
        "Tags\n\ntransport\ntram\ncity council\n\n"
        "Related stories\n\nTram works close the bridge for a month\nBy Tom Baker\n"
    )
    record = Pipeline(options=PipelineOptions(lang="en"))(Dump(text, Source(path="t.txt")))[0]
    assert record["meta"].get("tags") == ["transport", "tram", "city council"]
    assert "author" not in record["meta"]
