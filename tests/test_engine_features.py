"""The compiled line shape (engine/src/features.rs) against the Python it replaced (features_twin.py):
every field of `LineFeatures`, equal to the last bit, over text of every script and the repo's
own dumps and golden cases. The two regex dialects differ in white space, script classes,
look-behind and `$`; these tests are where such a difference shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from features_twin import line_features as python_line_features
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdump.features import line_features, stopwords

ROOT = Path(__file__).parent.parent

# Characters by script and by the role they play in a feature (stops, closers, separators, URLs).
POOLS = {
    "latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉßẞİıŉǅǈﬁÆøÑ",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ",
    "greek": "αβγδεζηθικλμνξοπρσςτυφχψωΑΒΓΔΣΩΐΰϐϑϕ",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى،؛؟٠١٢٣٤٥٦٧٨٩\u064b\u0651",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
    "devanagari": "अआइईउऊकखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह\u093e\u093f\u0940\u094d।॥०१२३",
    "han": "的了是我不在人有这中大为上个国说们到时要就出会可也你对生能而子那得于着下自之年过发后作里",
    "kana": "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよアイウエオカキクケコーヽゞ",
    "hangul": "가나다라마바사아자차카타파하한국어뉴스기자말했다",
    "thai": "กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮะาำิีึืุู",
    "punct": ".!?…。！？؟।॥'\"”’»」』)]([«“„:：,;，、；،؛|>/·•-–—_*+▪►◦‣∙■□",
    "url": "@@@hhttppss://www..com.org.net.ru.cn.html/",
    "digits": "0123456789١٢३",
    "space": " " * 8
    + "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u200a\u200b\u2028\u202f\u205f\u3000\ufeff",
    "odd": "\x00\x07\x7f\u200c\u200d\u200e\u202e\u0301\u0308🎉👍🏽\U0001f1fa\U0001f1f8\ufffd",
}
MIXED = "".join(POOLS.values())


def lines_from(pools: str) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(pools), max_size=80)


def bulleted(line: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Lines that open like list items, so the bullet pattern's branches are reached."""
    marks = st.sampled_from(["• ", "  - ", "12. ", "3) ", "[4] ", "\u2003» ", "١٢. ", "1234. ", "* ", ""])
    return st.tuples(marks, line).map("".join)


SCRIPT_LINES = st.one_of(
    *(bulleted(lines_from(POOLS[name] + POOLS["punct"] + POOLS["space"] + POOLS["url"])) for name in POOLS),
    bulleted(lines_from(MIXED)),
)


def assert_same(line: str, stoplist: frozenset[str] = frozenset()) -> None:
    assert line_features(line, stoplist) == python_line_features(line, stoplist), repr(line)


@settings(max_examples=1500, deadline=None)
@given(SCRIPT_LINES)
def test_every_feature_matches_python_on_text_of_every_script(line: str) -> None:
    assert_same(line)


# Characters Python 3.11's own Unicode data (14.0) knows: the `regex` module's newer tables
# call some later additions letters (U+3D000), the Rust regex crate's do not yet (see features.rs).
ASSIGNED = st.characters(exclude_categories=["Cn"])


@settings(max_examples=300, deadline=None)
@given(st.text(ASSIGNED, max_size=60))
def test_every_feature_matches_python_on_any_text(line: str) -> None:
    assert_same(line)


@settings(max_examples=300, deadline=None)
@given(SCRIPT_LINES, st.sampled_from(["en", "ru", "ar", "de", "el", "zh"]))
def test_the_stopword_share_matches_python_with_a_stoplist(line: str, lang: str) -> None:
    assert_same(line, stopwords(lang))


@st.composite
def stopword_lines(draw: st.DrawFn) -> tuple[str, frozenset[str]]:
    """Lines of a language's stopwords in any case (ΤΟ, Straße, İ ...) among other words."""
    stoplist = stopwords(draw(st.sampled_from(["en", "de", "el", "ru", "tr", "fr", "ar"])))
    cases = [str, str.upper, str.title, str.capitalize, str.swapcase]
    words = st.one_of(
        st.tuples(st.sampled_from(sorted(stoplist)), st.sampled_from(cases)).map(lambda wc: wc[1](wc[0])),
        st.text(st.sampled_from(POOLS["latin"] + POOLS["greek"] + "ſﬁİŉΐ"), min_size=1, max_size=8),
    )
    return " ".join(draw(st.lists(words, max_size=12))), stoplist


@settings(max_examples=400, deadline=None)
@given(stopword_lines())
def test_stopwords_in_any_case_are_counted_as_python_counts_them(case: tuple[str, frozenset[str]]) -> None:
    assert_same(*case)


def test_the_engine_folds_with_this_pythons_casefold_table() -> None:
    import subprocess
    import sys

    check = [sys.executable, str(ROOT / "scripts" / "gen_casefold.py"), "--check"]
    assert subprocess.run(check, check=False).returncode == 0, "run scripts/gen_casefold.py"


@pytest.mark.parametrize(
    "line",
    [
        "ab@cd",  # a handle after a word character is no handle ...
        "ab@cd.com",  # ... but the domain after it is
        "x@y @handle and @a",
        "“Quote.”  ",
        "\x1c• Item\x1f",
        "Sport ー 、 野球",  # ー and 、 are Han/kana by Script_Extensions only
        "See www.example.org/news/today…",
        "2024-01-01 | 12:30",
    ],
)
def test_known_dialect_traps(line: str) -> None:
    assert_same(line)


def corpus_lines() -> list[str]:
    files = sorted(ROOT.joinpath("samples").glob("*.txt")) + sorted(
        ROOT.joinpath("tests", "cases").rglob("*")
    )
    return [line for f in files if f.is_file() for line in f.read_text(encoding="utf-8").splitlines()]


def test_every_feature_matches_python_on_the_samples_and_golden_cases() -> None:
    lines = corpus_lines()
    assert len(lines) > 1000
    mismatches = [line for line in lines if line_features(line) != python_line_features(line)]
    assert mismatches == []
    for lang in ("en", "ar", "ru", "zh", "fr"):
        stop = stopwords(lang)
        assert [line for line in lines if line_features(line, stop) != python_line_features(line, stop)] == []


# ---- context vectors (engine/src/context.rs against features_twin.line_vectors) ------------------

PROSE_WORDS = st.lists(
    st.sampled_from(["the", "council", "said", "Москва", "城市", "وقال", "and"]), max_size=40
)
PROSE_LINE = st.tuples(PROSE_WORDS, st.sampled_from([".", "", "…", "?»"])).map(
    lambda p: " ".join(p[0]) + p[1]
)


@st.composite
def dumps(draw: st.DrawFn) -> tuple[list[str], list[int], list[str], list[bool], bool]:
    """A dump's lines (menus, blanks, prose, repeats), its content lines, keys and cue flags."""
    line = st.one_of(SCRIPT_LINES, PROSE_LINE, st.just(""), st.just("  \x1c "), st.just("Home | News"))
    lines = draw(st.lists(line, min_size=1, max_size=40))
    content = [i for i, text in enumerate(lines) if text.strip() or draw(st.booleans())]
    keys = [lines[i].strip().casefold() for i in content]
    cues = [draw(st.booleans()) for _ in content]
    return lines, content, keys, cues, draw(st.booleans())


def assert_same_vectors(
    lines: list[str], content: list[int], keys: list[str], cues: list[bool], stop: bool
) -> None:
    from features_twin import line_vectors as python_line_vectors

    from newsdump.features import line_vectors

    stoplist = stopwords("en") if stop else frozenset()
    feats = [line_features(lines[i], stoplist) for i in content]
    engine = line_vectors(lines, content, feats, keys, cues, stop)
    python = python_line_vectors(lines, content, feats, keys, cues, stop)
    assert repr(engine) == repr(python)  # repr: -0.0 and 0.0 differ in the JSON too


@settings(max_examples=300, deadline=None)
@given(dumps())
def test_context_vectors_match_python(dump: tuple[list[str], list[int], list[str], list[bool], bool]) -> None:
    assert_same_vectors(*dump)


def test_context_vectors_match_python_on_the_samples() -> None:
    for sample in sorted(ROOT.joinpath("samples").glob("*.txt")):
        lines = sample.read_text(encoding="utf-8").splitlines()
        content = [i for i, text in enumerate(lines) if text.strip()]
        keys = [lines[i].strip().casefold() for i in content]
        assert_same_vectors(lines, content, keys, [i % 7 == 0 for i in content], True)
        assert_same_vectors(lines, content, keys, [False] * len(content), False)
