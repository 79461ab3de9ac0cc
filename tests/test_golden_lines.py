"""Every golden line case: the pipeline labels each line as the case file says."""

from __future__ import annotations

import pytest
from golden import LineCase, load_line_cases

from newsdump.model import Dump, Source
from newsdump.pipeline import Pipeline, PipelineOptions

CASES = load_line_cases()


def _param(case: LineCase):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(reason="known hard case", strict=False)] if case.xfail else []
    return pytest.param(case, id=f"{case.file}:{case.name}", marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_line_labels(case: LineCase) -> None:
    doc = Pipeline(options=PipelineOptions(lang=case.lang)).label(Dump(case.text, Source(path=case.name)))
    got = [f"{label.value:<11} | {line}" for label, line in zip(doc.labels, doc.lines, strict=True)]
    want = [f"{label:<11} | {line}" for label, line in zip(case.labels, case.lines, strict=True)]
    assert got == want
    for i, article in enumerate(case.articles):
        if article is not None:
            assert doc.articles[i] == article, f"line {i + 1}: article {doc.articles[i]}, expected {article}"
