"""Embeds: tweets (block and flattened), name/@handle cards, Instagram placeholders, video players."""

from __future__ import annotations

from newsdump.document import Doc
from newsdump.model import Dump, Source
from newsdump.pipeline import Pipeline, PipelineOptions
from newsdump.segmenters.embeds import EmbedSegmenter
from newsdump.segmenters.quotes import QuoteSegmenter


def embeds_of(text: str, lang: str = "en") -> Doc:
    doc = Doc.from_dump(Dump(text, Source(path="case")))
    doc.lang = lang
    EmbedSegmenter()(doc)
    return doc


def labels(doc: Doc) -> list[str]:
    return [label.value for label in doc.labels]


def test_tweet_block_text_and_signature() -> None:
    doc = embeds_of(
        "The council voted on Tuesday.\n\n"
        "Bike lanes on every bridge by 2026! https://t.co/abc123\n\n"
        "— City Hall (@cityhall) March 4, 2025\n\n"
        "The plan costs 40 million.\n"
    )
    assert labels(doc) == ["body", "blank", "embed", "blank", "embed", "blank", "body"]
    (tweet,) = doc.embeds
    assert (tweet.kind, tweet.author, tweet.handle, tweet.date) == (
        "tweet",
        "City Hall",
        "cityhall",
        "2025-03-04",
    )
    assert tweet.urls == ["https://t.co/abc123"]
    assert (tweet.first, tweet.last) == (2, 4)


def test_flattened_tweet_is_one_embed_line() -> None:
    line = "Snow on the pass tonight pic.twitter.com/Xy12Ab— Road Service (@roads) 5 January 2024"
    doc = embeds_of(f"Drivers were warned.\n{line}\nThe road reopened at noon.\n")
    assert labels(doc) == ["body", "embed", "body"]
    assert doc.embeds[0].text == "Snow on the pass tonight pic.twitter.com/Xy12Ab"
    assert doc.embeds[0].date == "2024-01-05"


def test_signature_needs_a_date() -> None:
    doc = embeds_of("— Anna (@anna) said hello\n")
    assert doc.embeds == [] and labels(doc) == ["body"]


def test_card_name_handle_text() -> None:
    doc = embeds_of(
        "14:05\nCity Museum\n@citymuseum\nOur new hall opens on Friday. bit.ly/hall\n14:02\n", "fr"
    )
    assert labels(doc) == ["body", "embed", "embed", "embed", "body"]
    assert (doc.embeds[0].author, doc.embeds[0].handle) == ("City Museum", "citymuseum")


def test_instagram_placeholder() -> None:
    doc = embeds_of("Она выглядит прекрасно.\n\nФото\n@someone.model\n\nМодель рассказала о себе.\n", "ru")
    assert labels(doc)[2:4] == ["body", "body"]  # a dot is not part of a handle: not a card
    doc = embeds_of("Она выглядит прекрасно.\n\nФото\n@some_model\n\nМодель рассказала о себе.\n", "ru")
    assert labels(doc) == ["body", "blank", "embed", "embed", "blank", "body"]
    assert doc.embeds[0].kind == "instagram" and doc.embeds[0].handle == "some_model"


def test_handle_line_after_a_sentence_is_not_a_card() -> None:
    doc = embeds_of("Follow our reporter for updates.\n@reporter\n")
    assert doc.embeds == []


def test_video_player_block_with_duration() -> None:
    doc = embeds_of(
        "El anuncio llegó el martes.\n\nReproduciendo: Mira esto: el nuevo teléfono\n3:41\n\nFin.\n", "es"
    )
    assert labels(doc) == ["body", "blank", "embed", "embed", "blank", "body"]
    assert doc.embeds[0].kind == "video"


def test_player_cue_in_running_text_is_not_a_player() -> None:
    doc = embeds_of("The crowd kept playing: nobody left the square until midnight.\n", "en")
    assert doc.embeds == []


def test_tweet_text_is_an_embed_with_its_author_not_a_quote() -> None:
    # The fine set's rule (quotes only on title and body lines) and the (a tweet has its
    # author) agree on this: the tweet is an embeds item; the same words quoted in the body are a quote.
    text = (
        'The mayor wrote on Tuesday that "the bridge will reopen in May, as promised to every driver".\n\n'
        '"The bridge will reopen in May" pic.twitter.com/Ab12Cd— Mayor Jane Holt (@janeholt) May 2, 2024\n'
    )
    doc = Pipeline([EmbedSegmenter(), QuoteSegmenter()], PipelineOptions(lang="en")).label(
        Dump(text, Source(path="case"))
    )
    assert [(e.author, e.handle, e.date) for e in doc.embeds] == [
        ("Mayor Jane Holt", "janeholt", "2024-05-02")
    ]
    assert [q.line for q in doc.quotes] == [0]


def test_tweet_signature_with_a_date_in_the_page_language() -> None:
    doc = embeds_of(
        "Le club a confirmé.\n\nBienvenue à Lyon !— Olympique (@club) 20 novembre 2019\n\nFin.\n", "fr"
    )
    assert [(e.author, e.date) for e in doc.embeds] == [("Olympique", "2019-11-20")]
    doc = embeds_of("Новость.\n\nМы открылись!— Музей (@museum) 31 декабря 2024\n", "ru")
    assert [e.date for e in doc.embeds] == ["2024-12-31"]
