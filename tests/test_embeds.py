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


def test_instagram_post_header_caption_and_signature() -> None:
    doc = embeds_of(
        "The storm closed the port.\n\nView this post on Instagram\n\nWaves at the pier this morning\n\n"
        "A post shared by Maria Lopez (@maria.lopez) on Mar 3, 2024 at 9:15am PST\n\nSchools stay closed.\n"
    )
    assert labels(doc) == ["body", "blank", "embed", "blank", "embed", "blank", "embed", "blank", "body"]
    (post,) = doc.embeds
    assert (post.kind, post.author, post.handle, post.date) == (
        "instagram",
        "Maria Lopez",
        "maria.lopez",
        "2024-03-03",
    )
    assert post.text == "Waves at the pier this morning" and (post.first, post.last) == (2, 6)


def test_instagram_post_in_the_page_language_and_header_alone() -> None:
    doc = embeds_of(
        "Le port est fermé.\nUne publication partagée par Port de Brest (@portdebrest)\nLes écoles aussi.\n",
        "fr",
    )
    assert labels(doc) == ["body", "embed", "body"]
    assert (doc.embeds[0].author, doc.embeds[0].handle, doc.embeds[0].date) == (
        "Port de Brest",
        "portdebrest",
        None,
    )
    doc = embeds_of("Le port est fermé.\nVoir cette publication sur Instagram\nLes écoles aussi.\n", "fr")
    assert labels(doc) == ["body", "embed", "body"] and doc.embeds[0].kind == "instagram"


def test_instagram_signature_with_its_phrase_last() -> None:
    doc = embeds_of(
        "市長は会見で説明した。\n\n東京都(@tokyo.gov)がシェアした投稿\n\n工事は来月始まる。\n", "ja"
    )
    assert labels(doc) == ["body", "blank", "embed", "blank", "body"]
    assert (doc.embeds[0].author, doc.embeds[0].handle) == ("東京都", "tokyo.gov")


def test_a_sentence_starting_like_a_signature_is_no_embed() -> None:
    doc = embeds_of("A post shared by the ministry on Monday said the port would reopen.\n")
    assert doc.embeds == [] and labels(doc) == ["body"]


def test_handle_line_after_a_sentence_is_not_a_card() -> None:
    doc = embeds_of("Follow our reporter for updates.\n@reporter\n")
    assert doc.embeds == []


def test_video_player_block_with_duration() -> None:
    doc = embeds_of(
        "El anuncio llegó el martes.\n\nReproduciendo: Mira esto: el nuevo teléfono\n3:41\n\nFin.\n", "es"
    )
    assert labels(doc) == ["body", "blank", "embed", "embed", "blank", "body"]
    assert doc.embeds[0].kind == "video"
    doc = embeds_of("Storm footage.\n\nWatch: Drone footage of the flooded streets\n00:00 / 01:45\n\nFin.\n")
    assert labels(doc) == ["body", "blank", "embed", "embed", "blank", "body"]  # a player's progress line


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
