"""Quotes: the golden cases of tests/cases/quotes/<lang>.toml, and the invariants of every quote."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from newsdump.document import Doc
from newsdump.lexicon import available
from newsdump.model import Dump, Label, Source
from newsdump.pipeline import Pipeline, PipelineOptions
from newsdump.segmenters.embeds import EmbedSegmenter
from newsdump.segmenters.quotes import QuoteSegmenter, find_spans, load_speech

CASES = Path(__file__).parent / "cases" / "quotes"
SAMPLES = Path(__file__).parent.parent / "samples"


def _cases(marks: bool = True) -> list[Any]:
    """Every case as a test parameter; `marks=False` for invariants that hold on hard cases too."""
    params = []
    for path in sorted(CASES.glob("*.toml")):
        lang = path.stem
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            hard = marks and case.get("xfail")
            xfail = [pytest.mark.xfail(reason="known hard case", strict=False)] if hard else []
            params.append(pytest.param(lang, case, id=f"{lang}:{case['name']}", marks=xfail))
    return params


def quotes_of(text: str, lang: str) -> Doc:
    """Every non-blank line as body of one article, as the quote step sees a labeled doc."""
    doc = Doc.from_dump(Dump(text.strip("\n") + "\n", Source(path="case")))
    doc.lang = lang
    QuoteSegmenter()(doc)
    return doc


@pytest.mark.parametrize(("lang", "case"), _cases())
def test_golden_quotes(lang: str, case: dict[str, Any]) -> None:
    doc = quotes_of(case["text"], lang)
    got = [(q.text, q.speaker) for q in doc.quotes]
    assert got == [(q["text"], q["speaker"]) for q in case["quotes"]]


def test_every_language_with_a_speech_lexicon_has_golden_cases() -> None:
    assert set(available("speech")) <= {p.stem for p in CASES.glob("*.toml")}


@pytest.mark.parametrize("lang", available("speech"))
def test_speech_lexicon_compiles_with_cues(lang: str) -> None:
    speech = load_speech(lang)
    assert speech.cues is not None and speech.pronouns


@pytest.mark.parametrize(("lang", "case"), _cases(marks=False))
def test_offsets_point_at_the_quote_text(lang: str, case: dict[str, Any]) -> None:
    doc = quotes_of(case["text"], lang)
    text = "\n".join(doc.lines)
    for q in doc.quotes:
        offset = sum(len(line) + 1 for line in doc.lines[: q.line])
        assert text[offset + q.start : offset + q.end] == q.text


def test_unclosed_quote_runs_to_the_end_of_the_line_and_is_flagged() -> None:
    doc = quotes_of("The minister said: “We will not raise taxes this year or next year", "en")
    assert [q.text for q in doc.quotes] == ["We will not raise taxes this year or next year"]
    assert doc.quotes[0].rule == "quotes.unclosed"
    assert doc.quotes[0].confidence < 0.8
    assert any("never closed" in w for w in doc.warnings)


def test_paragraph_quote_reopened_on_each_paragraph() -> None:
    text = (
        "“The first phase opens in May, and the second one follows in the autumn,” Lena Fischer said.\n\n"
        "“We have hired two hundred workers for the site and will hire more next year.\n\n"
        "“Nobody will lose a home because of the works.”\n"
    )
    doc = quotes_of(text, "en")
    assert [q.speaker for q in doc.quotes] == ["Lena Fischer"] * 3
    assert doc.quotes[1].text.startswith("We have hired") and doc.quotes[1].rule == "quotes.unclosed"


def test_short_quoted_term_without_cue_is_skipped() -> None:
    assert quotes_of("The “green” tax returns next week.", "en").quotes == []


def test_nested_spans_keep_only_the_outer_quote() -> None:
    line = "«Он сказал «нет» и ушёл», – рассказала соседка."
    spans = find_spans(line)
    assert [line[s.start : s.end] for s in spans] == ["Он сказал «нет» и ушёл"]


def test_quotes_only_on_body_and_the_title_line() -> None:
    doc = Doc.from_dump(
        Dump("“We will win the cup next season,” coach Ivan Horvat said.\n", Source(path="x"))
    )
    doc.lang = "en"
    doc.labels[0] = Label.BOILERPLATE
    QuoteSegmenter()(doc)
    assert doc.quotes == []


def test_seed_sample_quotes_have_their_speakers() -> None:
    # Only the steps this test is about: every other line stays body, as on a well-labeled page.
    dump = Dump((SAMPLES / "ar-seed.txt").read_text(encoding="utf-8"), Source(path="ar-seed.txt"))
    pipeline = Pipeline([EmbedSegmenter(), QuoteSegmenter()], PipelineOptions(lang="ar"))
    doc = pipeline.label(dump)
    assert not any(q.line in range(e.first, e.last + 1) for e in doc.embeds for q in doc.quotes)
    speakers = {q.text: q.speaker for q in doc.quotes}
    assert "شي" in (speakers.get("السلام العالمي") or "")
    assert speakers.get("أفضل صديق") == "شي"
    assert speakers.get("شريكه الموثوق") == "بوتين"
    # quoted inside the clause `القول إن بوتين عبر …`, and chained after it in the same sentence
    assert speakers.get("المرحلة الحادة من النزاع") == speakers.get("صناع السلام الروس") == "بوتين"


def test_stray_unclosed_mark_without_cue_is_not_a_quote() -> None:
    doc = quotes_of(
        "«Online edition «City News» registered under licence number 12345 issued by the agency", "en"
    )
    assert doc.quotes == []


def titled(text: str, lang: str) -> Doc:
    """The first line as the article's headline, the others as its body."""
    doc = Doc.from_dump(Dump(text.strip("\n") + "\n", Source(path="case")))
    doc.lang = lang
    doc.labels[0] = Label.TITLE
    doc.titles[0] = 0
    QuoteSegmenter()(doc)
    return doc


def test_headline_words_without_a_cue_take_the_speaker_of_the_body_sentence_repeating_them() -> None:
    doc = titled(
        "Strike talks: union 'ready for the offer', as ministers meet\n\n"
        "The rail union is ready for the offer from the ministry, a union official said.\n",
        "en",
    )
    assert [(q.text, q.speaker, q.rule) for q in doc.quotes] == [
        ("ready for the offer", "a union official", "quotes.headline")
    ]


def test_headline_scare_quote_of_two_words_is_not_a_quote() -> None:
    doc = titled("The 'forever chemicals' in your tap water\n\nTests found them in most cities.\n", "en")
    assert doc.quotes == []


def test_headline_descriptor_takes_the_speaker_the_body_names() -> None:
    doc = titled(
        'الرئيس الصيني يتعهد بتشجيع "السلام العالمي"\n\n'
        'تعهد الرئيس الصيني شي جين بينغ بتشجيع "السلام العالمي" في رسالة إلى نظيره.\n',
        "ar",
    )
    assert [q.speaker for q in doc.quotes] == ["الرئيس الصيني شي جين بينغ"] * 2


def test_pronouns_do_not_reach_into_the_previous_article() -> None:
    doc = quotes_of("“We will win,” said coach Ivan Horvat.\n\n“It was a long night,” she said.\n", "en")
    assert [q.speaker for q in doc.quotes] == ["Ivan Horvat", "Ivan Horvat"]
    doc.quotes.clear()
    doc.articles[2] = 1
    QuoteSegmenter()(doc)
    assert [q.speaker for q in doc.quotes] == ["Ivan Horvat", "she"]
