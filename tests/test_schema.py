"""The shipped JSON Schema is valid and describes what `newsdump convert` writes."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import orjson
import pytest

from newsdump.convert import convert_paths

SAMPLES = Path(__file__).parent.parent / "samples"


def load_schema() -> dict:
    return json.loads(resources.files("newsdump").joinpath("schema/record.schema.json").read_text("utf-8"))


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema())


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_sample_records_match_the_schema() -> None:
    check = validator()
    records = [
        orjson.loads(line) for item in convert_paths([str(SAMPLES)]) for line in item.data.splitlines()
    ]
    assert len(records) >= 5
    for record in records:
        check.validate(record)


@pytest.mark.parametrize(
    "broken",
    [
        {"schema": 2},
        {
            "diagnostics": {
                "segments": [{"label": "menu", "lines": [1, 1], "rule": "x", "score": 1}],
                "warnings": [],
                "encoding": None,
            }
        },
        {"source": {"path": "a"}},
        {"body": None},
    ],
)
def test_schema_rejects_wrong_records(broken: dict) -> None:
    record = orjson.loads(next(iter(convert_paths([str(SAMPLES / "en-harbour.txt")]))).data.splitlines()[0])
    record.update(broken)
    assert not validator().is_valid(record)
