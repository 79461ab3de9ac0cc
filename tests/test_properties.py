"""Invariants over generated dumps (hypothesis, fixed budget, derandomized): nothing lost, valid
records, the same bytes for any number of workers, clean prose comes back unchanged."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdump.convert import Converted, convert_dump, convert_stream
from newsdump.lines import split_lines
from newsdump.model import Dump, Source
from newsdump.pipeline import Pipeline

FAST = settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
PIPELINE = Pipeline()
SCHEMA = jsonschema.Draft202012Validator(
    json.loads(resources.files("newsdump").joinpath("schema/record.schema.json").read_text("utf-8"))
)

WORDS = [
    "the",
    "council",
    "approved",
    "a",
    "new",
    "budget",
    "after",
    "long",
    "debate",
    "about",
    "school",
    "funding",
    "while",
    "the",
    "minister",
    "said",
    "talks",
    "with",
    "unions",
    "were",
    "useful",
    "and",
    "that",
    "teachers",
    "would",
    "receive",
    "higher",
    "pay",
    "from",
    "next",
    "year",
    "in",
    "most",
    "regions",
]
# Prose: sentences of distinct words, paragraphs of distinct sentences (repeated lines are boilerplate cues).
sentence = st.lists(st.sampled_from(WORDS), min_size=8, max_size=20, unique=True).map(
    lambda w: " ".join(w).capitalize() + "."
)
paragraph = st.lists(sentence, min_size=2, max_size=5, unique=True).map(" ".join)
news_line = st.one_of(
    paragraph,
    st.sampled_from(
        ["Share on Facebook", "Read also:", "Tags: budget, council", "• Council votes on budget", ""]
    ),
    st.text(
        st.characters(blacklist_categories=("Cs",)), max_size=80
    ),  # anything, control characters included
)
newline = st.sampled_from(["\n", "\r\n", "\r", "\u2028"])
dump_text = st.builds(lambda lines, nl: nl.join(lines), st.lists(news_line, max_size=25), newline)


def records_of(text: str, path: str = "gen.txt") -> list[dict[str, Any]]:
    converted = convert_dump(Dump(text=text, source=Source(path=path)), PIPELINE)
    return [orjson.loads(line) for line in converted.data.splitlines()]


@FAST
@given(dump_text)
def test_lossless_every_line_in_exactly_one_segment(text: str) -> None:
    lines = split_lines(text)[0]
    records = records_of(text)
    covered = [
        n
        for r in records
        for seg in r["diagnostics"]["segments"]
        for n in range(seg["lines"][0], seg["lines"][1] + 1)
    ]
    assert covered == list(range(1, len(lines) + 1))
    for record in records:  # the body and boilerplate hold their lines' text
        for seg in record["diagnostics"]["segments"]:
            for n in range(seg["lines"][0], seg["lines"][1] + 1):
                if seg["label"] == "body":
                    assert lines[n - 1].strip() in record["body"]
                elif seg["label"] == "boilerplate":
                    assert lines[n - 1].strip() in [b["text"] for b in record["boilerplate"]]


@FAST
@given(dump_text)
def test_every_record_is_valid_json_matching_the_schema(text: str) -> None:
    converted = convert_dump(Dump(text=text, source=Source(path="gen.txt")), PIPELINE)
    assert converted.data.endswith(b"\n")
    for line in converted.data.split(b"\n")[:-1]:
        SCHEMA.validate(orjson.loads(line))  # one JSON object per line


@settings(max_examples=3, derandomize=True, deadline=None, database=None)
@given(st.lists(dump_text, min_size=3, max_size=10))
def test_deterministic_for_any_number_of_workers(texts: list[str]) -> None:
    dumps = [Dump(text=t, source=Source(path=f"d{n}.txt")) for n, t in enumerate(texts)]
    outputs = []
    for workers in (1, 2, 3):
        converted = list(convert_stream(dumps, workers=workers, window=2))
        assert all(isinstance(c, Converted) for c in converted)
        outputs.append(b"".join(c.data for c in converted))
    assert outputs[0] == outputs[1] == outputs[2]


@FAST
@given(st.lists(paragraph, min_size=2, max_size=6, unique=True))
def test_clean_prose_comes_back_unchanged(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs) + "\n"
    [record] = records_of(text)
    assert record["body"] == "\n\n".join(paragraphs)
    assert records_of(record["body"])[0]["body"] == record["body"]  # and converting it again changes nothing


@FAST
@given(st.lists(sentence, min_size=12, max_size=24, unique=True), st.integers(60, 100))
def test_hard_wrapped_prose_comes_back_as_its_paragraphs(sentences: list[str], width: int) -> None:
    """A text browser's output (paragraphs broken at a fixed width) gives back the paragraphs."""
    import textwrap

    paragraphs = [" ".join(sentences[k : k + 3]) for k in range(0, len(sentences) - 2, 3)]
    text = "\n\n".join("\n".join(textwrap.wrap(p, width)) for p in paragraphs) + "\n"
    [record] = records_of(text)
    assert record["body"] == "\n\n".join(paragraphs)
