"""The boilerplate segmenter: cue kinds, cues that must not fire on prose, the model and its diagnostics."""

from __future__ import annotations

import pytest
from golden import load_line_cases

from newsdump.document import Doc
from newsdump.features import FEATURE_NAMES
from newsdump.model import Dump, Label, Source
from newsdump.pipeline import Pipeline, PipelineOptions
from newsdump.segmenters.boilerplate import Decision, _mark_shapes, doc_lines, load_model

FAMILIES = [
    "source",
    "tags",
    "byline",
    "caption",
    "share",
    "comment",
    "newsletter",
    "ad",
    "navigation",
    "copyright",
]
# The cue-family case of each language's file (other cases there are whole pages).
CUE_CASES = [
    c
    for c in load_line_cases()
    if c.file.startswith("boilerplate-") and c.name.startswith("every cue family")
]
PROSE = (
    "The city council approved a new plan on Tuesday to extend the tram network to the northern districts "
    "by the end of next year."
)


def _label(text: str, lang: str = "en", features: bool = False):  # type: ignore[no-untyped-def]
    options = PipelineOptions(lang=lang, keep_features=features)
    return Pipeline(options=options).label(Dump(text, Source(path="t.txt")))


@pytest.mark.parametrize("case", CUE_CASES, ids=[c.file for c in CUE_CASES])
def test_every_cue_family_gives_its_kind(case) -> None:  # type: ignore[no-untyped-def]
    doc = _label(case.text, case.lang or "en")
    cue_lines = [i for i, label in enumerate(case.labels) if label == "boilerplate"]
    assert [doc.kinds[i] for i in cue_lines] == FAMILIES
    assert all(doc.rules[i].startswith("boilerplate.cue.") for i in cue_lines)


@pytest.mark.parametrize(
    "line",
    [
        "By the time the firefighters arrived, the roof of the old warehouse had already collapsed into the street.",
        "Source of the trouble, the engineers said, was a cracked pipe under the main square of the town.",
        "Share prices fell sharply on Monday after the company warned that its profits would be lower this year.",
    ],
)
def test_prefix_cues_do_not_fire_on_prose(line: str) -> None:
    doc = _label(f"{PROSE}\n\n{line}\n\n{PROSE}\n")
    assert doc.labels[2] is Label.BODY, doc.rules[2]


def test_menu_run_is_boilerplate_and_prose_is_body() -> None:
    menu = ["Home", "World", "Business", "Technology", "Science", "Sport", "Culture"]
    prose = [PROSE, PROSE.replace("Tuesday", "Monday"), PROSE.replace("tram", "bus")]
    doc = _label("\n".join(menu + [""] + [p + "\n" for p in prose]))
    assert all(doc.labels[i] is Label.BOILERPLATE for i in range(len(menu)))
    assert sum(label is Label.BODY for label in doc.labels) == 3


def test_features_are_kept_per_line_with_the_body_probability() -> None:
    doc = _label(f"Home\n\n{PROSE}\n", features=True)
    assert doc.features is not None and len(doc.features) == len(doc.lines)
    assert doc.features[2]["body_prob"] > doc.features[0]["body_prob"]
    assert doc.features[1] == {"line": 2.0} or doc.features[1] == {"line": 2}


def test_shipped_model_matches_the_features() -> None:
    model = load_model()
    assert 0.0 < model.threshold < 1.0 and len(model.stack) > 5
    vector = [0.0] * len(FEATURE_NAMES)
    assert isinstance(model.first([vector])[0], float)


def test_a_hard_wrapped_article_is_body_line_by_line() -> None:
    """Text browsers wrap paragraphs at ~72 columns: each piece is short and unpunctuated, yet body."""
    import textwrap

    menu = [f"Section {name}" for name in ("World", "Business", "Sport", "Culture", "Science")] * 6
    paragraphs = [PROSE + " " + PROSE.replace("Tuesday", day) for day in ("Monday", "Friday", "Sunday")]
    wrapped = [line for p in paragraphs for line in [*textwrap.wrap(p, 72), ""]]
    headline = "Tram network to reach the northern districts"
    doc = _label("\n".join([*menu, "", headline, "", *wrapped, "Terms of use", "Contact"]), features=True)
    body = [i for i, line in enumerate(doc.lines) if line in wrapped and line]
    assert len(body) >= 9 and all(doc.labels[i] is Label.BODY for i in body)
    assert all(doc.labels[i] is Label.BOILERPLATE for i in range(len(menu)))
    assert doc.labels[len(menu) + 1] is Label.TITLE
    assert doc.features is not None and doc.features[body[0]]["paragraph_lines"] >= 3


def test_when_no_unit_passes_the_threshold_the_likeliest_prose_run_is_rescued() -> None:
    from newsdump.features import line_features
    from newsdump.segmenters.boilerplate import RESCUE_MIN_PROB, DocLines, _rescued_run

    texts = [
        "Home",
        PROSE,
        "Share",
        PROSE.replace("tram", "bus"),
        "Menu",
        "Login",
        PROSE.replace("city", "town"),
    ]
    feats = [line_features(t) for t in texts]
    lines = DocLines([[k] for k in range(7)], list(range(7)), feats, [None] * 7, [])
    probs = [0.05, 0.30, 0.02, 0.25, 0.01, 0.01, 0.05]
    assert _rescued_run(lines, probs) == [1, 3]  # the far prose unit is too unlikely to join
    unlikely = [p * RESCUE_MIN_PROB / max(probs) / 2 for p in probs]
    assert _rescued_run(lines, unlikely) == []  # nothing likely enough: no article


def test_prose_after_a_comments_header_that_ends_the_article_is_comments() -> None:
    from newsdump.features import line_features
    from newsdump.lexicon import Cue
    from newsdump.segmenters.boilerplate import DocLines, _mark_comment_zone

    article = [PROSE, PROSE.replace("tram", "bus"), PROSE.replace("city", "town")]
    texts = [*article, "Comments (2)", "I think this is a waste of money, honestly.", "Why not?"]
    header = Cue("comment", "comments (", "prefix")
    cues = [None, None, None, header, None, None]
    lines = DocLines([[k] for k in range(6)], list(range(6)), [line_features(t) for t in texts], cues, [])
    body = (Label.BODY, "boilerplate.model", 0.9, None)
    decisions = [body, body, body, (Label.BOILERPLATE, "boilerplate.cue.comment", 0.9, "comment"), body, body]
    _mark_comment_zone(lines, decisions)
    assert [d[1] for d in decisions[3:]] == ["boilerplate.cue.comment", *["boilerplate.comments"] * 2]
    assert all(d[0] is Label.BODY for d in decisions[:3])
    # A "Comments" link above the article's body ends nothing.
    decisions = [decisions[3], body, body, body, body, body]
    lines = DocLines(lines.units, lines.content, lines.feats, [header, None, None, None, None, None], [])
    _mark_comment_zone(lines, decisions)
    assert all(d[0] is Label.BODY for d in decisions[1:])


def test_comments_may_outweigh_the_article_but_not_by_far() -> None:
    """Readers often write more than the reporter did; prose many times the article's length after a
    comments header means the header was a widget inside the article."""
    from newsdump.features import line_features
    from newsdump.lexicon import Cue
    from newsdump.segmenters.boilerplate import DocLines, _mark_comment_zone

    def zone(below: int) -> list[str]:
        texts = [PROSE] * 3 + ["Comments (5)"] + [PROSE.replace("council", "mayor")] * below
        cues = [None] * 3 + [Cue("comment", "comments (", "prefix")] + [None] * below
        feats = [line_features(t) for t in texts]
        lines = DocLines([[k] for k in range(len(texts))], list(range(len(texts))), feats, cues, [])
        body = (Label.BODY, "boilerplate.model", 0.9, None)
        decisions = [body] * 3 + [(Label.BOILERPLATE, "boilerplate.cue.comment", 0.9, "comment")]
        decisions += [body] * below
        _mark_comment_zone(lines, decisions)
        return [d[1] for d in decisions[4:]]

    assert zone(5) == ["boilerplate.comments"] * 5  # more than the article, less than twice it
    assert zone(7) == ["boilerplate.model"] * 7  # far more: the article goes on below the widget


def _shapes(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """(label, rule) of every unit after `_mark_shapes`, as if the model had taken every unit for body."""
    doc = Doc.from_dump(Dump(text, Source(path="t.txt")))
    doc.lang = lang
    lines = doc_lines(doc)
    decisions: list[Decision] = [(Label.BODY, "boilerplate.model", 0.9, None) for _ in lines.units]
    _mark_shapes(doc, lines, decisions)
    return [(label.value, rule) for label, rule, _, _ in decisions]


def test_image_markup_the_model_took_for_body_is_boilerplate() -> None:
    image = "![](//img.example.org/scale/geometry/695/q75/imgs/strassenbahn-1299a2c.jpeg)"
    linked = "[![Die neue Straßenbahn](//img.example.org/tram.jpeg)](//img.example.org/tram-gross.jpeg)"
    got = _shapes(f"{PROSE}\n\n{image}\n\n{linked}\n\n{PROSE}\n")
    assert got[1] == ("boilerplate", "boilerplate.markup")
    assert got[2] == ("boilerplate", "boilerplate.markup")
    assert got[0] == got[3] == ("body", "boilerplate.model")


@pytest.mark.parametrize(
    ("line", "lang"),
    [("16 November 2023 • 2:15pm", "en"), ("Publikacja: 03.01.2024 08:29", "pl"), ("2024-01-12 18:51", "zh")],
)
def test_a_timestamp_the_model_took_for_body_is_boilerplate(line: str, lang: str) -> None:
    assert _shapes(f"{PROSE}\n\n{line}\n\n{PROSE}\n", lang)[1] == ("boilerplate", "boilerplate.date")


def test_prose_that_mentions_a_date_or_a_copyright_stays_body() -> None:
    lines = [
        "On 16 November 2023 at 2:15pm the council met again to vote on the new tram plan for the north.",
        "The newspaper said it holds the copyright to the photographs and will not share them with the council.",
    ]
    assert _shapes("\n\n".join(lines) + "\n") == [("body", "boilerplate.model")] * 2


@pytest.mark.parametrize(
    ("row", "lang"),
    [
        (
            "Mayor opens the new library    Ferry timetable changes from Monday    Ten walks along the canal",
            "en",
        ),
        ("市民公园下月起延长开放时间    地铁三号线今日起调整运营时刻    本周末全市气温将明显回升", "zh"),
        ("Nowy most otwarty dla ruchu\t\tRada miasta przyjęła budżet\t\tPogoda na weekend nad morzem", "pl"),
    ],
)
def test_a_row_of_headlines_laid_out_in_columns_is_boilerplate(row: str, lang: str) -> None:
    assert _shapes(f"{PROSE}\n\n{row}\n\n{PROSE}\n", lang)[1] == ("boilerplate", "boilerplate.row")


def test_a_data_table_laid_out_in_columns_stays_body() -> None:
    table = [
        "Pos   Player              Plays   Stats",
        "DL    Sam Richards        49      2 tackles, 1 assist",
    ]
    assert (
        _shapes("\n".join([PROSE, "", *table, "", PROSE]) + "\n")[1:3] == [("body", "boilerplate.model")] * 2
    )


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        (
            "  * ![Mayor opens the new library on the river, with a reading room for children](/img/lib.jpg)",
            "en",
        ),
        ("* ![Новый мост открыт для движения после двух лет ремонта](/upload/most.jpg)", "ru"),
    ],
)
def test_a_picture_in_a_list_of_teasers_is_boilerplate(line: str, lang: str) -> None:
    assert _shapes(f"{PROSE}\n\n{line}\n\n{PROSE}\n", lang)[1] == ("boilerplate", "boilerplate.markup")


@pytest.mark.parametrize(
    ("line", "lang"), [("::: {.article-footer .claim}", "fr"), (":::: {#spenden}", "de")]
)
def test_a_pandoc_fence_line_is_markup(line: str, lang: str) -> None:
    assert _shapes(f"{PROSE}\n\n{line}\n\n{PROSE}\n", lang)[1] == ("boilerplate", "boilerplate.markup")


@pytest.mark.parametrize(
    ("items", "separator", "lang"),
    [
        (
            "Dowolna kategoria, Budownictwo, Firmy budowlane, Drogi i mosty, Materiały budowlane, "
            "Energetyka, Ciepłownictwo, Odnawialne źródła, Sieci przesyłowe, Górnictwo, Węgiel kamienny",
            ">",
            "pl",
        ),
        (
            "You are here: Home, News, Local, City council, Transport, Trams and buses, Timetables, "
            "Night services, Fares and tickets, Accessibility on the network, Contact the editors",
            "»",
            "en",
        ),
    ],
)
def test_a_menu_of_path_separators_wrapped_into_a_paragraph_is_boilerplate(
    items: str, separator: str, lang: str
) -> None:
    """html2text and lynx wrap a category picker or a breadcrumb trail like a paragraph of prose."""
    import textwrap

    menu = textwrap.wrap(f" {separator} ".join(items.split(", ")), 78)
    article = textwrap.wrap(" ".join([PROSE] * 4), 78)
    got = _shapes("\n".join([*article, "", *menu, "", *article]) + "\n", lang)
    assert got[0] == got[-1] == ("body", "boilerplate.model")
    assert set(got[1:-1]) == {("boilerplate", "boilerplate.path")}


def test_prose_with_a_slash_or_an_arrow_and_a_markdown_table_stay_body() -> None:
    prose = (
        "The council said the 24 / 7 service would start in May, and the mayor, who had asked for it\n"
        "since 2019, called it a good day for the city > and for its night workers, who need the trams."
    )
    table = "1 | Anna Nowak | 5040 | 5 | 1 | 17 | 27"
    got = _shapes(f"{PROSE}\n\n{prose}\n\n{table}\n\n{PROSE}\n")
    assert got[1:3] == [("body", "boilerplate.model")] * 2


@pytest.mark.parametrize(
    ("post", "lang"),
    [
        (["View this post on Instagram", "A post shared by Ana (@ana.photos) on Sep 21, 2024"], "en"),
        (
            ["Voir cette publication sur Instagram", "Une publication partagée par Léa (@lea) le 3 mai 2024"],
            "fr",
        ),
    ],
)
def test_a_paragraph_between_embedded_posts_joins_the_body_around_them(post: list[str], lang: str) -> None:
    """The article goes on around an embedded post: near-body looks past it to the body beyond."""
    from newsdump.features import line_features
    from newsdump.segmenters.boilerplate import DocLines, _mark_near_body

    texts = [PROSE, *post, PROSE.replace("council", "mayor"), *post, PROSE.replace("tram", "bus")]
    doc = Doc.from_dump(Dump("\n".join(texts) + "\n", Source(path="t.txt")))
    doc.lang = lang
    embeds = [1, 2, 4, 5]
    for i in embeds:
        doc.set(i, Label.EMBED, "embed.instagram", 0.95)
    n = len(texts)
    lines = DocLines(
        [[k] for k in range(n)], list(range(n)), [line_features(t) for t in texts], [None] * n, []
    )
    body = (Label.BODY, "boilerplate.model", 0.9, None)
    other = (Label.BOILERPLATE, "boilerplate.model", 0.7, "other")
    decisions = [body, other, other, other, other, other, body]
    probs = [0.9, 0.05, 0.05, 0.3, 0.05, 0.05, 0.9]
    _mark_near_body(doc, lines, decisions, probs)
    assert decisions[3][1] == "boilerplate.near_body"
    assert all(decisions[k] == other for k in embeds)
