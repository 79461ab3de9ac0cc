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


# The common date shapes are read without dateparser; they must read as dateparser reads them.
SIMPLE_DATES = [
    ("2017-03-10", "zh"),
    ("2019/11/12 08:30", "pl"),
    ("2012年1月5日 14:20", "zh"),
    ("2012年01月12日", "ja"),
    ("05.10.2011", "ru"),
    ("05.10.2011", "en"),  # month first in English
    ("03/04/2019 16:08", "el"),
    ("28.11.2011, 20:59:54", "ru"),
    ("24 Νοεμβρίου 2011, 12:57:21", "el"),
    ("3 stycznia 2012", "pl"),
    ("14. Dezember 2015, 15:54", "de"),
    ("11 октября 2018", "ru"),
    ("4 mars 2019", "fr"),
    ("7 julio 2020", "es"),
    ("December 31, 2024", "en"),
    ("Jan 9 2020 14:05", "en"),
    ("12 Şubat 2021", "tr"),
    ("16.01.12", "ru"),  # two-digit years as strptime's %y: 2012
    ("16.01.69 | 10:53", "ru"),  # 1969
    ("11/19/19 12:56 AM", "en"),
    ("Nov 18, 2019 9:38 p.m.", "en"),
    ("05 Ιαν. 2012, 10:17", "el"),
    ("17 января 2012 / 15:22", "ru"),
]


@pytest.mark.parametrize(("text", "lang"), SIMPLE_DATES)
def test_simple_dates_read_as_dateparser_reads_them(text: str, lang: str) -> None:
    from newsdump.segmenters.meta import _dateparser, _simple_date

    ours, theirs = _simple_date(text, lang), _dateparser(text, lang)
    assert ours is not None and theirs is not None
    assert ours.replace(second=0) == theirs.replace(second=0)  # records keep minutes at most


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("13.10.2011", "en"),  # no 13th month: dateparser swaps day and month
        ("2019-02-30", "en"),  # no such day
        ("2012年1月5日", "en"),  # 年月日 means nothing to the English locale
        ("4 Mar 2019", "fr"),  # "mar" is Tuesday in French, not a month
        ("28.11.2011 в 14:00", "ru"),  # words between date and time
        ("05.10.2011", "xx"),  # a language dateparser does not know
        ("3 March 2019", ""),
        ("7 de julio de 2020", "es"),
        ("Nov 20 20194:29 AM", "en"),  # no space between year and hour
        ("11/19/19 13:56 PM", "en"),  # not a 12-hour time
        ("05.10.201", "ru"),  # a three-digit year
    ],
)
def test_unusual_dates_are_left_to_dateparser(text: str, lang: str) -> None:
    from newsdump.segmenters.meta import _simple_date

    assert _simple_date(text, lang) is None


def test_simple_dates_need_no_dateparser() -> None:
    code = (
        "import sys; from newsdump.segmenters.meta import parse_date; "
        "print(parse_date('24 Νοεμβρίου 2011, 12:57:21', 'el'), parse_date('2017-03-10', 'zh'), "
        "'dateparser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2011-11-24T12:57", "2017-03-10", "False"]
