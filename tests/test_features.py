"""Line features: the signals the boilerplate model reads must mean what their names say."""

from __future__ import annotations

import pytest

from newsdump.features import (
    FEATURE_NAMES,
    line_features,
    line_vectors,
    stack_vectors,
    stopwords,
)


def test_terminal_punctuation_of_every_script() -> None:
    for line in ("It rained.", "¿Llueve?", "下雨了。", "هل تمطر؟", "He said “no.”", "Так…"):
        assert line_features(line).terminal, line
    assert not line_features("Home | News | Sport").terminal


def test_cjk_words_are_counted_by_characters() -> None:
    assert line_features("北京时间昨天晚上发生了一次地震").words >= 9


def test_stopword_share_per_language_and_for_cjk() -> None:
    en = line_features("The council said that it would meet again in the spring", stopwords("en"))
    menu = line_features("Politics Business Technology Sport", stopwords("en"))
    assert en.stop_share > 0.3 and menu.stop_share == 0.0
    ar = line_features("وقال الوزير إن الحكومة ستعمل على دعم المزارعين في هذا العام", stopwords("ar"))
    assert ar.stop_share > 0.2
    zh = line_features("他说这是一个很好的开始，我们会继续努力的。")  # no stoplist needed for Han text
    assert zh.stop_share > 0.2
    assert stopwords(None) == frozenset() and stopwords("xx-unknown") == frozenset()


def test_links_digits_bullets_separators() -> None:
    assert line_features("https://example.com/a/b").url_share > 0.9
    assert line_features("follow @newsdesk").url_share > 0.3
    assert line_features("12.05.2024 14:30").digit_share == 1.0
    assert line_features("  • Item").bullet and not line_features("Item").bullet
    assert line_features("Home » World » Europe").separators == 2
    assert line_features("Related:").colon_end


def test_vectors_see_the_context() -> None:
    lines = ["Home", "", "News", "", "A" + " word" * 30 + ".", "", "Share"]
    content = [0, 2, 4, 6]
    feats = [line_features(lines[i]) for i in content]
    vectors = line_vectors(lines, content, feats, [lines[i] for i in content], [False] * 4, True)
    assert all(len(v) == len(FEATURE_NAMES) for v in vectors)
    at = FEATURE_NAMES.index
    assert vectors[2][at("run_share")] == 1.0  # the only prose line holds all the dump's prose
    assert vectors[0][at("log_dist_prose_after")] < vectors[0][at("log_dist_prose_before")]
    assert vectors[0][at("no_prose_before")] == 1.0 and vectors[3][at("no_prose_after")] == 1.0
    assert vectors[1][at("blank_before")] == 1.0
    rows = stack_vectors([-3.0, -2.0, 4.0, -3.0], vectors)
    assert rows[1][3 + 2] == 4.0  # logit@+1 of line 1 is line 2's logit


@pytest.mark.parametrize(
    ("line", "truncated"),
    [
        ("Kuba wird immer deutlicher, wie der Inselstaat die…", True),
        ("The minister said the talks would go on...", True),
        ("«Nous sommes arrivés à temps…»", True),
        ("The minister said the talks would go on.", False),
        ("قال الوزير إن المحادثات ستستمر؟", False),
    ],
)
def test_a_line_cut_short_by_an_ellipsis_is_truncated(line: str, truncated: bool) -> None:
    assert line_features(line).truncated is truncated
