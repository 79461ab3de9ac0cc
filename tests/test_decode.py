"""Decoding: realistic short news paragraphs in the encodings news sites use, with and without BOMs."""

from __future__ import annotations

import codecs

import pytest

from newsdump.decode import decode_bytes

PARAGRAPHS = {
    "ar": "قال وزير الخارجية إن المحادثات مع الجانب الروسي كانت مثمرة، وأضاف أن البلدين اتفقا على مواصلة التعاون في مجال الطاقة.",
    "ru": "Министр иностранных дел заявил, что переговоры с партнёрами прошли успешно и стороны договорились продолжить сотрудничество.",
    "zh": "外交部长表示，与俄方的会谈富有成果，双方同意在能源领域继续合作。",
    "fr": "Le ministre a déclaré que les négociations étaient fructueuses et que les deux pays coopéreront à l'avenir.",
    "es": "El ministro señaló que las negociaciones fueron fructíferas y que ambos países cooperarán.",
    "de": "Der Minister sagte, die Gespräche über Lösungen seien äußerst fruchtbar gewesen.",
    "en": "The minister said the talks had been fruitful and that both countries would keep working together.",
}
LEGACY = {
    "ar": "windows-1256",
    "ru": "cp1251",
    "zh": "gb18030",
    "fr": "latin-1",
    "es": "latin-1",
    "de": "latin-1",
}
UNICODE = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]
CASES = [(lang, enc) for lang in PARAGRAPHS for enc in UNICODE] + list(LEGACY.items())


@pytest.mark.parametrize(("lang", "encoding"), CASES)
def test_paragraph_round_trips(lang: str, encoding: str) -> None:
    text = PARAGRAPHS[lang] + "\n" + PARAGRAPHS[lang] + "\n"
    decoded, used, warnings = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert warnings == []
    assert codecs.lookup(used).name != "" and used != "json"


@pytest.mark.parametrize(("lang", "encoding"), list(LEGACY.items()))
def test_one_short_paragraph_of_a_legacy_encoding(lang: str, encoding: str) -> None:
    assert decode_bytes(PARAGRAPHS[lang].encode(encoding))[0] == PARAGRAPHS[lang]


def test_the_encoding_used_is_named() -> None:
    assert decode_bytes(PARAGRAPHS["ar"].encode("windows-1256"))[1] == "cp1256"
    assert decode_bytes(PARAGRAPHS["ru"].encode("cp1251"))[1] == "cp1251"
    assert decode_bytes(PARAGRAPHS["zh"].encode("gb18030"))[1] == "gb18030"
    assert decode_bytes(codecs.BOM_UTF8 + b"abc")[1] == "utf-8-sig"


def test_invalid_utf8_in_the_middle_is_replaced_with_a_warning() -> None:
    data = (PARAGRAPHS["ar"] * 20).encode() + b"\xff\xfe\xc3" + (PARAGRAPHS["en"] * 20).encode()
    text, used, warnings = decode_bytes(data)
    assert used == "utf-8"
    assert text.startswith(PARAGRAPHS["ar"]) and text.endswith(PARAGRAPHS["en"])
    assert any("invalid UTF-8" in w and "byte" in w for w in warnings)


def test_nul_and_binary_junk_are_removed_with_a_warning() -> None:
    text, _, warnings = decode_bytes(b"A line\x00 of text\x01\x02\nanother line\n")
    assert text == "A line of text\nanother line\n"
    assert any("control characters" in w for w in warnings)
    text, _, warnings = decode_bytes(bytes(range(256)) * 8)
    assert "\x00" not in text and warnings


@pytest.mark.parametrize("cut", [40, 50, 60, 70])
def test_short_western_text_is_not_read_as_a_dos_code_page(cut: int) -> None:
    for lang in ("fr", "es", "de"):
        text = PARAGRAPHS[lang][:cut]
        assert decode_bytes(text.encode("latin-1"))[0] == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Minister powiedział, że rozmowy były owocne i że oba kraje będą współpracować w przyszłym roku.",
            "cp1250",
        ),
        ("Ministr řekl, že jednání byla užitečná a že obě země budou spolupracovat i příští rok.", "cp1250"),
        ("Ο υπουργός δήλωσε ότι οι συνομιλίες ήταν γόνιμες και ότι οι δύο χώρες θα συνεργαστούν.", "cp1253"),
        (
            "Министр сообщил, что переговоры прошли успешно и стороны договорились продолжить сотрудничество.",
            "koi8_r",
        ),
        ("東京都は新しい予算案を発表した。", "cp932"),
        pytest.param(
            "Bakan, görüşmelerin verimli geçtiğini ve iki ülkenin işbirliğine devam edeceğini söyledi.",
            "cp1254",
            marks=pytest.mark.xfail(
                reason="charset-normalizer ties cp1250/cp1252/cp1254 on short Turkish", strict=True
            ),
        ),
    ],
)
def test_other_legacy_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding))[0] == text
