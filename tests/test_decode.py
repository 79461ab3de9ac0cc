"""Decoding: realistic short news paragraphs in the encodings news sites use, with and without BOMs."""

from __future__ import annotations

import codecs

import pytest

from newsdump.decode import decode_bytes, oddness

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
        (
            "Bakan, görüşmelerin verimli geçtiğini ve iki ülkenin işbirliğine devam edeceğini söyledi.",
            "cp1254",
        ),
    ],
)
def test_other_legacy_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding))[0] == text


# One short line each, the kind a dump is full of (headline, menu, credit), in a legacy encoding that
# the charset detector alone misreads at this length (KOI8-R as cp932, cp1254 as cp1252, Greek and
# Big5 as half-width katakana, cp1256 as Big5, cp1251 as cp1253, gb18030 as UTF-16).
SHORT_LINES = [
    ("Губернатор пообещал построить новую школу к осени.", "koi8_r"),
    ("Источник: пресс-служба правительства", "koi8_r"),
    ("Главная | Новости | Политика | Экономика | Спорт", "koi8_r"),
    ("В Санкт-Петербурге открылся новый мост через Неву.", "cp1251"),
    ("Şehir merkezinde yoğun kar yağışı ulaşımı aksattı.", "cp1254"),
    ("İlgili Haberler: Şampiyonlar Ligi'nde büyük sürpriz", "cp1254"),
    ("Öğrenciler yeni müfredatı protesto etti.", "iso8859_9"),
    ("الرئيسية | أخبار | اقتصاد | رياضة", "cp1256"),
    ("اقرأ أيضا: الحكومة تناقش الموازنة الجديدة", "cp1256"),
    ("قيمت دلار در بازار تهران كاهش يافت.", "cp1256"),
    ("Πηγή: ΑΠΕ-ΜΠΕ", "iso8859_7"),
    ("Διαβάστε επίσης: Νέα μέτρα για τη στέγαση", "iso8859_7"),
    ("记者 张伟 报道", "gb18030"),
    ("首頁 | 新聞 | 財經 | 體育", "big5"),
    ("À lire aussi : la météo de la semaine", "cp1252"),
    ("Über uns", "cp1252"),
    ("Strona główna | Wiadomości | Sport", "cp1250"),
]


@pytest.mark.parametrize(("text", "encoding"), SHORT_LINES)
def test_one_short_line_of_a_legacy_encoding(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding))[0] == text


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ("Президент подписал указ.", "пРЕЗИДЕНТ ПОДПИСАЛ УКАЗ."),  # KOI8-R read as cp1251
        ("Bakan görüşmelerin verimli geçtiğini söyledi.", "Bakan görüþmelerin verimli geçtiðini söyledi."),
        ("Πηγή: ΑΠΕ", "ﾐ鈬ﾞ: ﾁﾐﾅ"),  # iso8859-7 read as cp932
        ("Über uns", "鈁er uns"),  # cp1252 read as Big5: one word, two scripts
        ("Strona główna", "Strona g³ówna"),  # cp1250 read as cp1252
        ("Министерство", "Ìèíèñòåðñòâî"),  # cp1251 read as cp1252
        ("Министерство", "Ξθνθρςεπρςβξ"),  # cp1251 read as cp1253: final sigma inside a word
    ],
)
def test_oddness_prefers_the_right_reading(right: str, wrong: str) -> None:
    assert oddness(right, "utf-8") == 0 < oddness(wrong, "cp1252")


def test_oddness_accepts_real_text_in_every_script() -> None:
    for text in [
        *PARAGRAPHS.values(),
        "ホーム | ニュース",
        "홈 | 뉴스",
        "ראשי | חדשות",
        "Ça coûte 5 € (±2 %)",
    ]:
        assert oddness(text) == 0, text
