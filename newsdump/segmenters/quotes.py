"""Direct quotations in title and body lines, with the speaker a reporting cue names.

A quoted span counts as a quotation when a reporting cue (said, قال, a déclaré, заявил, 表示 ...)
stands in its sentence, or when it is long enough to be a statement. Not quotes: short quoted terms
without a cue, names after a head noun (قناة "…", the "…" channel), designations (`"Gliese 581 d"`),
a one-word term far from its cue (`against "traitors" …, a source said`), and a passive cue without
its agent (`described as "historic"`; with one, `… by the department`, the agent speaks).
Also quotes: fragments chained in a sentence after a cued one, a lowercase fragment just before an
attributed quote, a mark reopened on the next paragraph, a headline's or pull quote's words repeated
from an attributed quote, a headline's quoted words, an unmarked paragraph after `X wrote:`, a
paragraph opened by a dialogue dash where a reporting clause cuts in (`— A, — сказал X.`), and a
quoted sentence right after another quote's reporting clause (`"…," said X. "It shook."`).

The speaker is read around the cue: between the quote and the cue (`"…," Kevin said`, `وقال X إن
"…"`), after it (`"…," said the minister`), before it (`X said: "…"`), in a reported clause whose
subject the text quotes elsewhere (`القول إن سامي أبدى تفاؤله بـ"…"`), or at the end of the hard-wrapped
line above. A pronoun (`he said`) or no cue at all carries the speaker over from the last person
the article named as a speaker (never one of the article before); a descriptor before any speaker
(`The 48-year-old said`) means the person the article names most. A first pass learns the doc's
speakers so that a later mention of one (`But for Okafor, …`) counts too. Cues, pronouns, titles,
roles and the small words trimmed off a speaker are data: `lexicons/speech/<lang>.toml` (tables
verb, source, pronoun, anaphor, indefinite, particle, stop, title, role, kin, document, name_head,
complementizer, auxiliary, subject, name).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import lexicon
from ..document import Doc
from ..model import Label, Quote
from ..normalize import SCRIPT_FULL_STOPS, for_matching

# Opening mark -> closing marks, for every quoting style of the languages we meet.
PAIRS = {
    "“": "”",
    "«": "»",
    "„": "“”",
    "‚": "‘’",
    "‹": "›",
    "「": "」",
    "『": "』",
    '"': '"',
    "‘": "’",
    "'": "'",
}
_DOUBLE_MARKS = frozenset('“”«»„‹›「」『』"')  # quote marks that are never apostrophes
_OPENER = regex.compile("[" + regex.escape("".join(PAIRS)) + "]")
_APOSTROPHES = "'’"  # also apostrophes: a quote mark only at a word edge
_CLAUSE_COMMA = regex.compile(r"[,،，]\s*$")  # a gap ending in a comma: a reporting clause follows
# Scripts that write no apostrophes: a mark touching their letters is a quote mark (`이른바‘데이트 폭력’이`).
_NO_APOSTROPHES = regex.compile(r"[\p{Hangul}\p{Han}\p{Hiragana}\p{Katakana}]")
_SPACED_OPENERS = "«‹"  # French typography puts a space inside guillemets: « Nous … »
_SENTENCE_END = regex.compile(rf"[.!?{SCRIPT_FULL_STOPS}](?=\s|$)|[。！？]")
# Not a boundary: the gershayim `"` of a Hebrew acronym (דובר צה"ל), see _gershayim.
_BOUNDARY = regex.compile(
    r"[.!?;:,،؛。，：；“”«»「」„()\[\]]|(?<![\u05d0-\u05ea])\"|\"(?![\u05d0-\u05ea])|\s[–—-]\s"
)
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}.'’:\-]*")
_PROCLITIC = regex.compile(r"^(?:ل(?=ل\p{L}{3})|[وفب]ـ?(?=ال\p{L}{3}))")  # و/ف/بـ before ال; لل = لـ + ال
_HAN = regex.compile(r"\p{Han}")
_ABBREVIATION = regex.compile(
    r"(?<!\w)(\p{Lu}\p{Ll}{0,3})\.(?=\s+\p{Lu})"
)  # `Dr. Helen Ward`: not a sentence end
_NAME = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]+(?:[ -]\p{Lu}[\p{Ll}\p{M}]+)*")  # a run of capitalized words
MIN_WORDS_WITHOUT_CUE = 6  # a quoted statement this long needs no cue in its sentence
MIN_HAN_WITHOUT_CUE = 15  # the same for text written without spaces
MAX_SPEAKER_WORDS = 6
MAX_UNCASED_SPEAKER_WORDS = (
    8  # `المتحدث باسم وزارة الخارجية الأمريكية ماثيو ميلر`: a role, its office, a name
)
# Dialogue dashes: a paragraph opened by a dash is direct speech where a reporting clause cuts in
# (`— Это успех, — сказал тренер.`, `—Es histórico —dijo Ortega.`, `— C'est gagné, a lancé Girard.`).
# A spaced hyphen serves as the dash where typists have none (`- Nie chcemy konfliktu - powiedziała`).
_DIALOGUE_DASH = regex.compile(r"^\s*(?:[—–―]|-(?=\s))\s*(?=\S)")
_MID_DIALOGUE = regex.compile(r"(?<=[.!?…])\s+(?:[—–―]|-(?=\s))\s*(?=\S)")
_DIALOGUE_BREAK = regex.compile(r"[,!?…]?\s*(?:[—–―]|(?<=\s)-(?=\s))\s*|[,!?…]\s+")
_INTERRUPTION = regex.compile(r"(?<=[,!?…])\s*[–—-]\s+(?P<clause>[^–—«»\"“”]{3,80}?)[.,:]\s*[–—]\s+")
MAX_CHAIN_GAP_CHARS = 40  # two quotes this close in one sentence may share the cue after them
MAX_WRAP_LINES = 6  # a quote hard-wrapped over more lines than this is an unclosed mark instead
MAX_DOCUMENT_LINES = 12  # how far back a statement's owner is looked for
MAX_GAP_CHARS = 120  # a cue after the quote farther than this belongs to another clause
MAX_BEFORE_CHARS = 200  # the same before the quote (an elative `أبرز` far back is no cue)
MAX_INTRO_CHARS = 4  # `said: "…"`, `表示：“…”`: a cue this close before the quote introduces it
MAX_HAN_SPEAKER = 6
MAX_HAN_ROLE = 10  # `国家发改委新闻发言人`: a role noun after its organization
MIN_PREFIX_MENTIONS = 2  # a name the text quotes alone this often, not one clause's reading
MAX_UNCASED_SUBJECT = 4  # a longer run before the cue is a clause, not its subject
MAX_APPOSITION_WORDS = 3
MIN_UNCASED_MENTION_WORDS = 2
MIN_HAN_NAME = 2
MAX_HAN_NAME = 4
MAX_KIN_WORDS = 2
MAX_DESIGNATION_WORDS = 3
MIN_REPORTED_CLAUSE_WORDS = 3  # `إن سامي أبدى …`: a subject and more before the quote
MIN_FRAGMENT_WORDS = 3
MIN_BLOCK_WORDS = 20  # a paragraph quoted without marks after `X wrote:` is at least this long
MAX_BLOCK_CUE_WORDS = 4  # words between the cue of such an intro and its colon
MIN_HAN_FRAGMENT = 8
MAX_LINK_WORD = 3  # `of`, `des`, `der`: a short lowercase word that links a noun to its complement
MIN_SALIENT_MENTIONS = 2  # a descriptor means the article's most-named person when named this often
MIN_REPEATED_WORDS = 2  # a pull quote repeats at least this many words of a quote
MAX_TERM_CUE_WORDS = 5  # a one-word quoted term is speech only this close to its cue (`told them "OK"`)


@dataclass(frozen=True, slots=True)
class Speech:
    """A language's speech lexicon: reporting cues and the words around speakers."""

    cues: regex.Pattern[str] | None
    pronouns: frozenset[str]
    anaphors: frozenset[str]  # determiners that make a descriptor refer back ("the" evangelist)
    particles: frozenset[str]  # words trimmed off the ends of a speaker (also, then, قد, 还)
    stops: frozenset[str]  # words that end a speaker read after the cue (that, إن, في)
    name_heads: frozenset[str]  # nouns before a quoted name (channel, قناة): the quote is a name
    speaking_heads: frozenset[str]  # those of them whose name may speak next (an account, a party)
    indefinites: frozenset[str]  # determiners of a descriptor that names a new speaker (`a source`)
    titles: frozenset[str]  # titles dropped before a name (Sen., Bürgermeisterin, 局长)
    title_words: frozenset[str]  # every word of those titles (`prime` of `prime minister`)
    complementizers: frozenset[str]  # `that`-words after which a new clause (and subject) starts
    stop_prefixes: tuple[str, ...]  # prefixes of words that end a speaker (Arabic لـ glued to a noun)
    roles: frozenset[str]  # role nouns that, with only adjectives, refer back (القيادية الجمعوية)
    kin: frozenset[str]  # kinship nouns: `والد أمينة` (Amina's father) means someone named before
    sources: frozenset[str]  # cues that name a source (according to, بحسب): weaker than a verb
    documents: frozenset[str]  # nouns for a statement whose owner is named with it (بيان للكرملين)
    document_owner: regex.Pattern[str] | None  # a document noun followed by its owner
    definite: str  # the definite prefix adjectives take in a script without case (ال)
    clitics: frozenset[str]  # one-letter words written glued to the next (و, ف, ب, ل)
    pronoun_suffixes: tuple[str, ...]  # object pronouns glued to a verb (دفعها): no name
    relatives: frozenset[str]  # `حسب ما أكدته X`: a relative word before the verb after a source cue
    auxiliaries: frozenset[str]  # `was described as`: a passive cue names no speaker before it
    agents: frozenset[str]  # `… by the department`: the passive's agent is the speaker
    describing: frozenset[str]  # `called X "…"`: in a cased language the words after it are its object
    quoting: frozenset[str]  # `عن مسؤول قوله`: the one quoted comes after this word
    glued: tuple[str, ...]  # prepositions written against a quoted name (`لـ"الجزيرة نت"`)
    subject_markers: tuple[str, ...]  # particles glued to a subject: `山田市長は「…」`, `김 시장은 "…"`
    possessives: tuple[str, ...]  # `气象局的王明`, `気象庁の佐藤`: a Han subject is what follows the last one
    name_particles: frozenset[str]  # lowercase words inside a surname: `Kees van der Berg`
    circumstances: frozenset[str]  # time and venue phrases between a cue and its subject (`w poniedziałek`)
    name_suffixes: tuple[
        str, ...
    ]  # particles glued to a name in a script without case (`엘제이는`, `엘제이의`)
    name_ends: str  # Han characters that may follow a name (`华春莹在`, `李强说`): where it ends
    surnames: tuple[str, ...]  # family names a Han name read beside a title starts with
    name_never: str  # Han function characters no name holds (是, 的, 了): a speaker with one is a misreading
    after_consonant: frozenset[
        str
    ]  # particle forms written after a final consonant (이, 은), others after a vowel
    after_vowel: frozenset[str]


@dataclass(slots=True)
class Span:
    start: int  # offsets of the text between the marks
    end: int
    close: int  # offset just after the closing mark (end of line when unclosed)
    unclosed: bool
    text: str | None = None  # the text when it runs on over hard-wrapped lines ("\n" kept)


class QuoteSegmenter:
    name = "quotes"

    def __call__(self, doc: Doc) -> None:
        speech = load_speech(doc.lang or "")
        # Two passes: the first learns who speaks in the doc, so that the second can count every
        # later mention of them (`But for Okafor, …`) as the person a pronoun or a bare quote means.
        quotes, warnings = len(doc.quotes), len(doc.warnings)
        first = _quote_pass(doc, speech, {}, frozenset())
        known = _names(first, speech)
        speakers = frozenset(for_matching(w) for m in first if not _refers_back(m, speech) for w in m.split())
        del doc.quotes[quotes:], doc.warnings[warnings:]
        _quote_pass(doc, speech, known, speakers)
        _repeated_quotes(doc)
        _fragment_speakers(doc)
        _headline_speakers(doc, speech)
        _speaker_from_below(doc, speech)
        _known_prefixes(doc, first, speech)
        _expanded_acronyms(doc, speech)
        _fullest_names(doc)
        doc.quotes.sort(key=lambda q: (q.line, q.start))


def _quote_pass(doc: Doc, speech: Speech, known: dict[str, str], speakers: frozenset[str]) -> list[str]:
    known_re = _known_pattern(known)
    history: list[str] = []
    mentions: list[str] = []  # speakers named so far in this article, most recent last
    resume: dict[int, int] = {}  # line -> where to look on it, after a quote wrapped onto it
    article: int | None = None
    for i in _quote_lines(doc):
        if doc.articles[i] != article:  # a pronoun never means someone of the article before
            history, mentions, article = history + mentions, [], doc.articles[i]
        _line_quotes(doc, i, speech, mentions, resume, (known_re, known, speakers))
    return history + mentions


def _names(mentions: list[str], speech: Speech) -> dict[str, str]:
    """How each named speaker shows up again in the text: surname -> name (`Okafor` -> `Grace Okafor`)."""
    known: dict[str, str] = {}
    for name in mentions:
        words = name.split()
        if _refers_back(name, speech) or not words:
            continue
        if _cased(words):
            capitals = [w for w in words if w[:1].isupper() and for_matching(w) not in speech.anaphors]
            if capitals and len(capitals[-1]) > 2:
                known[capitals[-1]] = name  # `Okafor`, `Newsweek` of `the Newsweek fact check`
        elif _HAN.search(name) or len(words) > 1:
            known[name if _HAN.search(name) else " ".join(words[-2:])] = name
    return known


def _quote_lines(doc: Doc) -> list[int]:
    titles = set(doc.titles.values())
    return [
        i
        for i, label in enumerate(doc.labels)
        if label is Label.BODY or (label is Label.TITLE and i in titles)
    ]


@lru_cache(maxsize=64)
def load_speech(lang: str) -> Speech:
    data = lexicon.read_entries("speech", lang) or lexicon.read_entries("speech", "en")

    def words(table: str, mode: str = "line") -> frozenset[str]:
        return frozenset(for_matching(w) for w in data.get(table, {}).get(mode, []))

    verbs = data.get("verb", {}).get("contains", [])
    alternatives = sorted({_loose(for_matching(v)) for v in verbs}, key=len, reverse=True)
    # A cue is a whole word (`called`, not `so-called`), except in scripts written without spaces,
    # with the subject pronoun some languages hyphenate to it when it follows (`explique-t-il`).
    han = [a for a in alternatives if _HAN.search(a)]
    spaced = [a for a in alternatives if not _HAN.search(a)]
    enclitics = "|".join(regex.escape(for_matching(e)) for e in data.get("pronoun", {}).get("enclitic", []))
    end = rf"(?=(?:{enclitics})(?![\w-])|(?![\w-]))" if enclitics else r"(?![\w-])"
    parts = ([rf"(?<![\w-])(?:{'|'.join(spaced)}){end}"] if spaced else []) + han
    cues = regex.compile("|".join(parts))  # matched on lowercased text: much faster than IGNORECASE
    return Speech(
        cues=cues if alternatives else None,
        pronouns=words("pronoun") | words("pronoun", "enclitic"),
        anaphors=words("anaphor"),
        particles=words("particle"),
        stops=words("stop"),
        name_heads=words("name_head"),
        speaking_heads=frozenset(
            for_matching(w)
            for w in data.get("name_head", {}).get("speaks", data.get("name_head", {}).get("line", []))
        ),
        indefinites=words("indefinite"),
        titles=words("title"),
        title_words=frozenset(w for t in words("title") for w in t.split()),
        complementizers=words("complementizer"),
        stop_prefixes=tuple(data.get("stop", {}).get("prefix", [])),  # matched as written
        roles=words("role"),
        kin=words("kin"),
        sources=frozenset(for_matching(w) for w in data.get("source", {}).get("contains", [])),
        documents=words("document"),
        document_owner=_owner_pattern(data.get("document", {}).get("line", [])),
        definite=for_matching(data.get("role", {}).get("definite", "")),
        clitics=frozenset(data.get("stop", {}).get("clitic", [])),
        pronoun_suffixes=tuple(data.get("pronoun", {}).get("suffix", [])),
        relatives=frozenset(for_matching(w) for w in data.get("source", {}).get("relative", [])),
        auxiliaries=words("auxiliary"),
        agents=frozenset(for_matching(w) for w in data.get("auxiliary", {}).get("agent", [])),
        describing=frozenset(for_matching(w) for w in data.get("verb", {}).get("describing", [])),
        quoting=frozenset(for_matching(w) for w in data.get("source", {}).get("quoting", [])),
        glued=tuple(data.get("name_head", {}).get("glued", [])),
        subject_markers=tuple(data.get("subject", {}).get("suffix", [])),
        possessives=tuple(data.get("subject", {}).get("possessive", [])),
        name_particles=words("name", "particle"),
        circumstances=words("circumstance"),
        name_suffixes=tuple(sorted(data.get("name", {}).get("suffix", []), key=len, reverse=True)),
        name_ends="".join(data.get("name", {}).get("end", [])),
        surnames=tuple(data.get("name", {}).get("surname", [])),
        name_never="".join(data.get("name", {}).get("never", [])),
        after_consonant=frozenset(data.get("name", {}).get("after_consonant", [])),
        after_vowel=frozenset(data.get("name", {}).get("after_vowel", [])),
    )


def _owner_pattern(nouns: list[str]) -> regex.Pattern[str] | None:
    """`بيان للكرملين القول`, `statement from …`: the document noun, then its owner's words."""
    if not nouns:
        return None
    alternatives = "|".join(_loose(for_matching(n)) for n in nouns)
    return regex.compile(rf"(?<!\w)(?:{alternatives})\s+(?P<owner>[^\s\p{{P}}]+)(?P<rest>[^\p{{P}}\"«»“”]*)")


def _loose(phrase: str) -> str:
    """A regex for a normalized phrase that also matches the unnormalized spellings of its letters
    (Arabic letter forms, with the harakat and tatweel a text may write between them: ملوحًا, قـال;
    ș and ț with a cedilla)."""
    classes = {"ا": "[اأإآٱ]", "ي": "[يىئ]", "ه": "[هة]", "و": "[وؤ]", "ș": "[șş]", "ț": "[țţ]"}
    marks = "[\u064b-\u065f\u0670\u0640]*"
    return "".join(
        classes.get(ch, regex.escape(ch)) + (marks if "\u0621" <= ch <= "\u064a" else "") for ch in phrase
    )


# --- finding quoted spans ---------------------------------------------------------------------


def find_spans(line: str, pos: int = 0) -> list[Span]:
    """Quoted spans of a line from `pos`, outermost only; an unclosed span runs to the end of the line."""
    spans: list[Span] = []
    while (found := _OPENER.search(line, pos)) is not None:
        pos = found.start()
        if _opens(line, pos):
            span = _close(line, pos)
            if span.end > span.start:
                spans.append(span)
            pos = span.close
        else:
            pos += 1
    return spans


def _dialogue_spans(line: str, speech: Speech) -> list[Span]:
    """The speech of a paragraph opened by a dialogue dash, up to the reporting clause that cuts in
    (its verb first: `— сказал X`, `—dijo X`, `, a lancé X`); without such a clause, a dash-led
    line is a list item or a remark, not a quotation. When the speech goes on after the clause
    (`… — сказал он. — B`), the span runs to the end of the line and `_interrupted` splits it.
    A dash after a sentence end opens more speech in the same paragraph (`… ocenił. - B - dodał X.`)."""
    lead = _DIALOGUE_DASH.match(line)
    if lead is None or speech.cues is None:
        return []
    lowered = _lower(line)
    spans: list[Span] = []
    pos: int | None = lead.end()
    while pos is not None:
        span = _dialogue_span(line, lowered, pos, speech)
        if span is None:
            break
        spans.append(span)
        following = _MID_DIALOGUE.search(line, span.close) if span.close < len(line.rstrip()) else None
        pos = following.end() if following else None
    return spans


def _dialogue_span(line: str, lowered: str, pos: int, speech: Speech) -> Span | None:
    if speech.cues is None:
        return None
    for cut in _DIALOGUE_BREAK.finditer(line, pos):
        if cut.start() > pos and speech.cues.match(lowered, cut.end()):
            if _INTERRUPTION.search(line, cut.start()):
                end = len(line.rstrip())
                return Span(pos, end, end, False)
            return Span(pos, cut.start(), cut.start(), False)
    return None


def _opens(line: str, pos: int) -> bool:
    ch = line[pos]
    before = line[pos - 1] if pos else " "
    after = line[pos + 1] if pos + 1 < len(line) else " "
    if after.isspace() and ch not in _SPACED_OPENERS:
        return False
    if ch in _APOSTROPHES or ch == "‘":
        return not before.isalnum() or bool(_NO_APOSTROPHES.match(before))  # "don't", "Man’s" are apostrophes
    return not (ch == '"' and _gershayim(before, after))  # צה"ל: an acronym, not a quote


def _close(line: str, start: int) -> Span:
    opener, closers = line[start], PAIRS[line[start]]
    depth = 0
    for pos in range(start + 1, len(line)):
        ch = line[pos]
        if ch in closers and _closes(line, pos):
            if depth == 0:
                return Span(start + 1, pos, pos + 1, False)
            depth -= 1
        elif ch == opener and opener not in closers:
            depth += 1  # a nested quote of the same style: «… «…» …»
    return Span(start + 1, len(line.rstrip()), len(line), True)


def _gershayim(before: str, after: str) -> bool:
    """A `"` between two Hebrew letters is the gershayim of an acronym (צה"ל, דו"ח), typed with the
    quote key; elsewhere a letter before a mark is a glued preposition (Arabic بـ"…", و"…")."""
    return "\u05d0" <= before <= "\u05ea" and "\u05d0" <= after <= "\u05ea"


def _closes(line: str, pos: int) -> bool:
    after = line[pos + 1] if pos + 1 < len(line) else " "
    if line[pos] == '"':
        return not (pos and _gershayim(line[pos - 1], after))
    if line[pos] not in _APOSTROPHES:
        return True
    return not after.isalnum() or bool(_NO_APOSTROPHES.match(after))  # `‘리벤지’의`: a particle follows


# --- one line ---------------------------------------------------------------------------------


def _line_quotes(
    doc: Doc,
    i: int,
    speech: Speech,
    mentions: list[str],
    resume: dict[int, int],
    known: tuple[regex.Pattern[str] | None, dict[str, str], frozenset[str]],
) -> None:
    line = doc.lines[i]
    spans = [s for s in find_spans(line, resume.get(i, 0)) if line[s.start : s.end].strip()]
    if not spans and i not in resume:
        spans = _dialogue_spans(line, speech)
    block = None if spans or i in resume else _block_intro(doc, i, speech)
    if block is not None:
        _add_block(doc, i, block, speech, mentions)
        return
    if spans and spans[-1].unclosed:
        _run_on(doc, i, spans[-1], resume)
    names = [s for s in spans if _is_name(line, s, speech)]
    spans = [s for s in spans if s not in names]  # a quoted name is part of its clause
    cues = list(speech.cues.finditer(_lower(line))) if speech.cues else []
    used: set[int] = set()
    events: list[tuple[int, object]] = [(s.start, s) for s in spans] + [(m.start(), m) for m in cues]
    # `حساب "القوات اللبنانية" … ووصفه`: an account, party or agency named in quotes may speak next
    events += [
        (s.start, line[s.start : s.end].strip())
        for s in names
        if _after_name_head(line, s, speech, speaking=True)
    ]
    if known[0] is not None:
        found = known[0].finditer(line)
        events += [(m.start(), known[1][m.group()]) for m in found if not _inside(m.start(), spans)]
    for _, event in sorted(events, key=lambda e: e[0]):
        if isinstance(event, str):
            mentions.append(event)
        elif isinstance(event, Span):
            _add_quote(doc, i, event, spans, cues, used, speech, mentions, known[2])
        elif event.start() not in used and not _inside(event.start(), spans):
            name = _speaker_at(line, event, spans, speech)  # indirect speech names a speaker too
            if name and not _refers_back(name, speech):
                mentions.append(name)


def _block_intro(doc: Doc, i: int, speech: Speech) -> tuple[str, str | None] | None:
    """`There is more in the Herald report, and it is good news for the fans:` and a paragraph
    without quote marks: an unmarked block quotation. Its cue (a verb, or a document noun such as
    `report`) and the speaker the intro names."""
    if len(doc.lines[i].split()) < MIN_BLOCK_WORDS:
        return None
    j = next((k for k in range(i - 1, -1, -1) if doc.labels[k] is not Label.BLANK), None)
    intro = doc.lines[j].rstrip() if j is not None else ""
    if j is None or doc.labels[j] is not Label.BODY or not intro.endswith(":") or find_spans(intro):
        return None
    verbs = list(speech.cues.finditer(_lower(intro))) if speech.cues else []
    if verbs and len(intro[verbs[-1].end() :].split()) <= MAX_BLOCK_CUE_WORDS:  # `what PFF said about it:`
        speaker = _speaker_at(intro, verbs[-1], [], speech)
        return (verbs[-1].group(), speaker) if speaker else None
    words = intro.rstrip(":").split()
    keys = [for_matching(w.strip(",.;")) for w in words]
    noun = max((k for k, key in enumerate(keys) if key in speech.documents), default=None)
    if noun is None:
        return None
    owner = " ".join(_name_run(words[:noun], speech))  # `the Herald report`
    return (words[noun].strip(",.;"), owner) if owner else None  # not `Subscribe to email updates:`


def _add_block(doc: Doc, i: int, block: tuple[str, str | None], speech: Speech, mentions: list[str]) -> None:
    cue, speaker = block
    if speaker is None or _refers_back(speaker, speech):
        speaker = mentions[-1] if mentions else speaker
    speaker = _clean(speaker, speech) if speaker else None
    if speaker and not _refers_back(speaker, speech):
        mentions.append(speaker)
    line = doc.lines[i]
    text = line.strip()
    _append(doc, i, line.index(text), text, speaker, cue, "quotes.block", False)


def _known_pattern(known: dict[str, str]) -> regex.Pattern[str] | None:
    """One pattern for every way a known speaker shows up again (whole words, except in Han text)."""
    keys = sorted(known, key=len, reverse=True)
    # `the Lions' coach`, `Smith's office`: a possessive names the speaker as a modifier, not as a speaker
    parts = [regex.escape(k) if _HAN.search(k) else rf"(?<!\w){regex.escape(k)}(?!\w|['’]s\b)" for k in keys]
    return regex.compile("|".join(parts)) if parts else None


def _run_on(doc: Doc, i: int, span: Span, resume: dict[int, int]) -> None:
    """A quote hard-wrapped over the next lines of its paragraph, closed on one of them."""
    opener = doc.lines[i][span.start - 1]
    parts = [doc.lines[i][span.start :]]
    for k in range(i + 1, min(i + 1 + MAX_WRAP_LINES, len(doc))):
        if doc.labels[k] is not Label.BODY:
            return
        line = doc.lines[k]
        close = next((p for p, ch in enumerate(line) if ch in PAIRS[opener] and _closes(line, p)), None)
        if close is None:
            parts.append(line)
            continue
        parts.append(line[:close])
        span.text, span.unclosed = "\n".join(parts).strip(), False
        resume[k] = close + 1
        return


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def _add_quote(
    doc: Doc,
    i: int,
    span: Span,
    spans: list[Span],
    cues: list[regex.Match[str]],
    used: set[int],
    speech: Speech,
    mentions: list[str],
    speakers: frozenset[str],
) -> None:
    line = doc.lines[i]
    raw = line[span.start : span.end]
    start = span.start + len(raw) - len(raw.lstrip())
    text = span.text or raw.strip()
    lo, hi = _clause(line, span, spans)
    cue, speaker = _attribute(line, span, spans, cues, lo, hi, speech)
    cue, speaker = _checked(line, span, cue, speaker, hi, speech)
    wrapped = cue is None and lo == 0 and not _term(text)  # the cue may end the line above
    if wrapped:
        cue, speaker = _wrapped_cue(doc, i, span, speech)  # offsets in that line, not in this one
    if cue is not None and cue.end() <= span.start and not wrapped:
        speaker = _reported_subject(line[cue.end() : span.start - 1], speech, speakers) or speaker
    split = _interrupted(text, speech)
    if split is not None:  # «A, – пожаловалась X. — B»: two quotes, the clause names the speaker
        (a, b), (cue, named) = split
        speaker = _clean(named or speaker, speech) if (named or speaker) else None
        for offset, part in ((0, a), (b[0], b[1])):
            _append(
                doc, i, start + offset, part, speaker, cue.group(), "quotes.cue", span.unclosed and offset > 0
            )
        if speaker:
            mentions.append(speaker)
        return
    if _is_name(line, span, speech):
        return
    chained = _chained(doc, i, span) if cue is None else None
    if chained is not None:  # `writing that his "brief lapse" would not derail the "plan."`
        _append(doc, i, start, text, chained.speaker, chained.cue, "quotes.chained", span.unclosed)
        return
    changed = (
        cue is None and _new_subject(line[: max(span.start - 1, 0)], speech) is not None
    )  # `X disagreed.`
    continued = _continued(doc, i, span) if cue is None and not changed else None
    if continued is not None:  # `"It was terrifying," said a witness. "The whole building shook."`
        _append(doc, i, start, text, continued.speaker, continued.cue, "quotes.continued", span.unclosed)
        return
    if cue is None and not _long_enough(text) and not _reopened(doc, i, span, speech):
        # Speakers of these come later: the paragraph's (_fragment_speakers), the body's (_speaker_from_below)
        if _fragment(line, span, spans, cues, speech):
            _append(doc, i, start, text, None, None, "quotes.fragment", span.unclosed)
        elif _headline_words(doc, i, text):
            _append(doc, i, start, text, None, None, "quotes.headline", span.unclosed)
        return
    if span.unclosed and cue is None and not _quoted_before(doc, i):
        return  # a stray mark; an unclosed paragraph of a multi-paragraph quote follows a quote
    rule = "quotes.cue" if cue else "quotes.long"
    if cue is not None and not wrapped:
        used.add(cue.start())
    agent = speaker is not None and not wrapped and _passive(line, cue, speech) if cue else False  # `by …`
    if (speaker is None or _refers_back(speaker, speech)) and not agent:
        resolved = _document_owner(doc, i, speaker, speech) or (
            _carried(doc, i, span, mentions, speech, speakers)
            if speaker is None and cue is None
            else _antecedent(doc, i, speaker, mentions, speech)
        )
        if resolved:
            rule = "quotes.pronoun" if speaker else "quotes.carried"
        speaker = resolved or speaker
    speaker = _clean(speaker, speech) if speaker else None
    if speaker and not _refers_back(speaker, speech):
        mentions.append(speaker)
    _append(doc, i, start, text, speaker, cue.group() if cue else None, rule, span.unclosed)


def _carried(
    doc: Doc, i: int, span: Span, mentions: list[str], speech: Speech, speakers: frozenset[str]
) -> str | None:
    """Whose a quote without a reporting clause is: the person the sentence just before it opens
    with (`Councillor Tom Hardy disagreed. "…"`: a change of speaker), else the speaker carried over.
    In Han text, where a known name matches inside any word and an article's topic is named in every
    sentence, only a speaker or pronoun opening one of that sentence's clauses counts (`…，卢宇聊起…。`);
    without one, the speaker of the quote before."""
    before = doc.lines[i][: max(span.start - 1, 0)]
    opener = _new_subject(before, speech)
    if opener:
        return opener
    if not _HAN.search(doc.lines[i][span.start : span.end]):
        return _antecedent(doc, i, None, mentions, speech)
    sentence = _sentences(before)[-1] if before.strip() and _SENTENCE_END.search(before.rstrip()[-1:]) else ""
    names = [w for w in speakers if _person_like(w, speech)]
    names += list(speech.pronouns)
    opening = [
        (m.start(), w) for w in names if _HAN.search(w) for m in regex.finditer(regex.escape(w), sentence)
    ]
    first = min(((at, w) for at, w in opening if not at or sentence[at - 1] in "，,：:；;"), default=None)
    if first is not None:
        return mentions[-1] if first[1] in speech.pronouns and mentions else first[1]
    quoted = [q.speaker for q in doc.quotes if q.speaker and doc.articles[q.line] == doc.articles[i]]
    if quoted and _person_like(quoted[-1], speech):
        return quoted[-1]  # a person's name; a longer or odd speaker may be a misreading to carry no further
    return _antecedent(doc, i, None, mentions, speech)


def _person_like(name: str, speech: Speech) -> bool:
    """`麦田`, `李博灏`, not `大意是` nor `为表示了歉意`: a Han speaker as short as a name, without the
    function characters a misread clause holds."""
    han = len(_HAN.findall(name)) == len(name)
    return (
        han and MIN_HAN_NAME <= len(name) <= MAX_HAN_NAME and not any(ch in speech.name_never for ch in name)
    )


def _new_subject(before: str, speech: Speech) -> str | None:
    """The person a finished sentence right before a quote opens with (`Tom Hardy disagreed.`,
    `Her rival, Tom Hardy, called it reckless.`): two capitalized words or more, titles aside."""
    text = before.rstrip()
    if not text or not _SENTENCE_END.search(text[-1:]) or find_spans(text[-2:]):
        return None
    sentence = _sentences(text)[-1]
    marks = any(ch in _DOUBLE_MARKS for ch in sentence)  # a quote's sentence: `Mr. X, …,” Y said.`
    if marks or not _cased(sentence.split()) or len(sentence.split()) > MAX_INTRO_SENTENCE_WORDS:
        return None  # a long sentence about a person is about them, not their turn to speak
    pieces = [p.split() for p in _BOUNDARY.split(sentence) if p.strip()]
    lead: list[str] = []
    for word in pieces[0]:
        if not (word[:1].isupper() or (lead and for_matching(word) in speech.name_particles)):
            break
        lead.append(word)
    function_words = speech.anaphors | speech.pronouns | speech.particles | speech.stops | speech.indefinites
    if lead and for_matching(lead[0]) in function_words:
        lead = []
    name = _untitled(lead, speech) if lead else []
    if len(pieces) > 1 and not name and len(pieces[0]) <= MAX_APPOSITION_WORDS:
        apposed = pieces[1]  # `Her rival, Tom Hardy, called …`: the name apposed to the opening descriptor
        name = apposed if _name_run(apposed, speech) == apposed else []
    people = MIN_UNCASED_MENTION_WORDS <= len(name) <= MAX_APPOSITION_WORDS
    return " ".join(name) if people and not any(_is_title(w, speech) for w in name) else None


def _antecedent(doc: Doc, i: int, speaker: str | None, mentions: list[str], speech: Speech) -> str | None:
    """Who a pronoun or a descriptor means: the last speaker; for a descriptor, the last one it names
    (`the source` after `a source`), or, before any speaker (`The 48-year-old said`), the person the
    article has named most (ties: the one named last)."""
    words = speaker.split() if speaker else []
    last = mentions[-1] if mentions else None
    if not words or not _cased(words):
        return last or (
            _uncased_person(doc, i, speech) if words else None
        )  # `그는`, `她说` before any speaker
    if for_matching(words[0]) not in speech.anaphors:
        return _titled_name(doc, i, words, speech) or last
    nouns = {for_matching(w) for w in words[1:]}
    same = [m for m in mentions if nouns & {for_matching(w) for w in m.split()}]  # `the source` ~ `a source`
    if same:
        return same[-1]
    return _titled_name(doc, i, words, speech) or last or _salient(doc, i, speech)


MAX_INTRO_SENTENCE_WORDS = (
    12  # `Councillor Tom Hardy disagreed.`: a short sentence hands over to a new speaker
)
MIN_REPEATED_NAME = 3  # a word with particles this often in an article, one of them a subject's: a person


def _uncased_person(doc: Doc, i: int, speech: Speech) -> str | None:
    """Whom a pronoun means when no speaker came before it, in a script without case: the person
    the article named last up to line `i` (`문재인 대통령은 …. 그는 "…"`, `发言人华春莹…。她说`)."""
    lines = [j for j in _quote_lines(doc) if j <= i and doc.articles[j] == doc.articles[i]]
    text = "\n".join(_unquoted(doc.lines[j]) for j in lines)
    found = _han_people(text, speech) if _HAN.search(text) else _spaced_people(text, speech)
    return found[-1] if found else None


def _unquoted(line: str) -> str:
    """The line with its quoted spans blanked: a name inside a quote is no mention of a speaker."""
    for span in find_spans(line):
        line = line[: span.start] + " " * (span.end - span.start) + line[span.end :]
    return line


def _han_people(text: str, speech: Speech) -> list[str]:
    """Names beside a title in Han text, in order: after it (`发言人华春莹在`, the shortest name a
    name-ending character, a cue or punctuation follows), else before it at a clause start (`王明部长`)."""
    people: list[tuple[int, str]] = []
    for title in speech.titles:
        for at in (m.start() for m in regex.finditer(regex.escape(title), text)):
            after = _han_name_at(text, at + len(title), speech)
            if after:
                people.append((at, after))
                continue
            before = regex.search(r"(?:^|[\s\p{P}])(\p{Han}{2,3})$", text[:at])
            if before and _han_name(before[1], speech):
                people.append((at, before[1]))
    return [name for _, name in sorted(people)]


def _han_name_at(text: str, pos: int, speech: Speech) -> str | None:
    for size in (2, 3):
        name, rest = text[pos : pos + size], text[pos + size :]
        if len(_HAN.findall(name)) < size or not _han_name(name, speech):
            continue
        if not rest or not _HAN.match(rest) or rest[0] in speech.name_ends:
            return name
        if speech.cues is not None and speech.cues.match(_lower(rest)):
            return name
    return None


def _han_name(name: str, speech: Speech) -> bool:
    """`华春莹`, not `会上` of `记者会上`: no title inside, a family name first (where the lexicon lists them)."""
    known = not speech.surnames or name.startswith(speech.surnames)
    return known and not any(t in name for t in speech.titles)


def _spaced_people(text: str, speech: Speech) -> list[str]:
    """Names in spaced text without case, in order: the word before a title (`김철수 시장은` ->
    `김철수 시장`) or after one (`대변인 박영희는`), and a word the article writes with particles
    often, once as a subject (`엘제이의 … 엘제이는`)."""
    tokens = text.split()
    stems = [_unsuffixed(t.strip(" ,.·“”\"'‘’"), speech) for t in tokens]
    counts = Counter(stems)
    people: list[str] = []
    for k, (token, stem) in enumerate(zip(tokens, stems, strict=False)):
        titled = (
            k > 0 and any(stem.endswith(t) for t in speech.titles) and not _is_titleish(stems[k - 1], speech)
        )
        named = stem in speech.titles and k + 1 < len(stems) and not _is_titleish(stems[k + 1], speech)
        if named and _marked(tokens[k + 1], speech):
            people.append(_without_particle(tokens[k + 1], speech))  # `대변인 박영희는`
        elif titled:
            people.append(f"{stems[k - 1]} {stem}")  # `김철수 시장은`
        elif counts[stem] >= MIN_REPEATED_NAME and stem != token and _marked(token, speech) and len(stem) > 1:
            people.append(stem)
    return [p for p in people if not any(w in speech.pronouns for w in p.split())]


def _is_titleish(word: str, speech: Speech) -> bool:
    return not word or any(word.endswith(t) for t in speech.titles) or word in speech.particles


def _unsuffixed(word: str, speech: Speech) -> str:
    for suffix in speech.name_suffixes:
        if _glued(word, suffix, speech):
            return word[: -len(suffix)]
    return word


def _titled_name(doc: Doc, i: int, words: list[str], speech: Speech) -> str | None:
    """`the prime minister` -> `Keir Hallam` of `Prime Minister Keir Hallam`: the person the article
    names right after the descriptor's title (the nearest mention before the quote, else the first after)."""
    heads = [for_matching(w) for w in words if _is_title(w, speech)]
    if not heads:
        return None
    lines = [j for j in _quote_lines(doc) if doc.articles[j] == doc.articles[i]]
    for j in [j for j in reversed(lines) if j <= i] + [j for j in lines if j > i]:
        tokens = doc.lines[j].split()
        found = None
        for k in range(len(heads) - 1, len(tokens) - 1):
            before = [for_matching(t) for t in tokens[k + 1 - len(heads) : k + 1]]
            after = [t.strip(",;:()") for t in tokens[k + 1 : k + 1 + MAX_SPEAKER_WORDS]]
            # every title word in place, the last one also inside a compound (`Bundeskanzlerin`)
            titled = before[:-1] == heads[:-1] and heads[-1] in before[-1]
            if titled and after[0][:1].isupper() and not _is_title(after[0], speech):
                run = _name_run(_first_name_run(after, speech), speech)
                found = " ".join(run) if run else found
        if found:
            return found
    return None


def _salient(doc: Doc, i: int, speech: Speech) -> str | None:
    counts: dict[str, int] = {}
    fullest: dict[str, str] = {}
    last: dict[str, int] = {}
    function_words = speech.anaphors | speech.pronouns | speech.particles | speech.stops | speech.indefinites
    for j in _quote_lines(doc):
        if j > i or doc.articles[j] != doc.articles[i]:
            continue
        for found in _NAME.finditer(doc.lines[j]):
            words = [w for w in found.group().split() if for_matching(w) not in function_words]
            if not words:
                continue
            key = words[-1]
            counts[key] = counts.get(key, 0) + 1
            fullest[key] = max(fullest.get(key, ""), " ".join(words), key=len)
            last[key] = j * 100_000 + found.start()
    ranked = sorted(counts, key=lambda k: (counts[k], last[k]))
    return fullest[ranked[-1]] if ranked and counts[ranked[-1]] >= MIN_SALIENT_MENTIONS else None


def _wrapped_cue(doc: Doc, i: int, span: Span, speech: Speech) -> tuple[regex.Match[str] | None, str | None]:
    """The cue of a sentence hard-wrapped onto this line: the last one in the unfinished line above,
    its speaker read over the line break (`وقال وزير الخارجية` / `سامح شكري إن "…"`)."""
    above = doc.lines[i - 1].strip() if i else ""
    if (
        not above
        or doc.labels[i - 1] is not Label.BODY
        or _SENTENCE_END.search(above[-1:])
        or not speech.cues
    ):
        return None, None
    start = max((m.end() for m in _SENTENCE_END.finditer(above)), default=0)
    joined = above[start:] + " " + doc.lines[i][: max(span.start - 1, 0)].strip()
    found = list(speech.cues.finditer(_lower(joined), 0, len(above) - start))
    if not found:
        return None, None
    return found[-1], _speaker_at(joined, found[-1], [], speech)


def _reported_subject(between: str, speech: Speech, speakers: frozenset[str]) -> str | None:
    """`ذكرت الإذاعة نقلا عن مصدر القول إن سامي أبدى تفاؤله بقرب "…"`: a quote inside a reported
    clause is the words of that clause's subject, when the article quotes that one elsewhere."""
    words = between.split()
    keys = [for_matching(w) for w in words]
    last = max((k for k, key in enumerate(keys) if key in speech.complementizers), default=None)
    if last is None or len(words) - last < MIN_REPORTED_CLAUSE_WORDS:
        return None
    subject: list[str] = []
    for word in words[last + 1 :]:
        if _drop_proclitic(for_matching(word.strip(" ,،.:;"))) not in speakers:
            break
        subject.append(word.strip(" ,،.:;"))
    return " ".join(subject) or None


def _fragment(line: str, span: Span, spans: list[Span], cues: list[regex.Match[str]], speech: Speech) -> bool:
    """`recherchent « encore plus de trente » personnes. « … », a ajouté X`: words quoted mid-sentence,
    lowercase and several, just before the next sentence's attributed quote, are a fragment of that
    speech (without such a quote next to them they are as often scare quotes: `the "just in case" fund`)."""
    text = line[span.start : span.end].strip()
    before = line[: max(span.start - 1, 0)].rstrip()
    if (
        len(text.split()) < MIN_FRAGMENT_WORDS
        or not text[:1].islower()
        or not before
        or _SENTENCE_END.search(before[-1:])
    ):
        return False
    following = next((s for s in spans if s.start > span.close and not _is_name(line, s, speech)), None)
    if following is None or len(_SENTENCE_END.findall(line, span.close, following.start)) > 1:
        return False
    return any(following.close <= m.start() <= following.close + MAX_INTRO_CHARS * 2 for m in cues)


def _headline_words(doc: Doc, i: int, text: str) -> bool:
    """`Strike talks: union 'ready for the offer', as ministers meet`: a headline quotes
    words without a cue; several quoted words in one are speech (one or two are as often a label)."""
    if i not in doc.titles.values():
        return False
    if _HAN.search(text):
        return len(_HAN.findall(text)) >= MIN_HAN_FRAGMENT
    return len(text.split()) >= MIN_FRAGMENT_WORDS


def _checked(
    line: str, span: Span, cue: regex.Match[str] | None, speaker: str | None, hi: int, speech: Speech
) -> tuple[regex.Match[str] | None, str | None]:
    """The attribution, unless the cue does not attribute this quote: a passive without its agent
    (`a flood described as "historic"`), or a cue far from a one-word term (`who moved against
    "traitors" inside the party, are in talks, a source told reporters`): a label, not speech."""
    if cue is None:
        return None, speaker
    if _passive(line, cue, speech):
        agent = _agent(line, cue.end(), span.start - 1, speech) or _agent(line, span.close, hi, speech)
        return (cue, agent) if agent else (None, None)
    words = span.text or line[span.start : span.end]
    opening_source = _is_source(cue, speech) and cue.end() <= span.start  # `Selon X, la réforme est « … »`
    if len(words.split()) == 1 and not _HAN.search(words) and not opening_source:
        between = line[cue.end() : span.start] if cue.end() <= span.start else line[span.close : cue.start()]
        if len(_WORD.findall(between)) > MAX_TERM_CUE_WORDS:
            return None, None
    return cue, speaker


def _passive(line: str, cue: regex.Match[str], speech: Speech) -> bool:
    before = _WORD.findall(_lower(line[max(0, cue.start() - 20) : cue.start()]))
    return bool(before) and for_matching(before[-1]) in speech.auxiliaries


def _agent(line: str, pos: int, hi: int, speech: Speech) -> str | None:
    """The name after the passive's agent word (`by the parks department`), in the clause."""
    for word in _WORD.finditer(line, pos, hi):
        if for_matching(word.group()) in speech.agents:
            words = _trim(_until_stop(_BOUNDARY.split(line[word.end() : hi])[0].split(), speech), speech)
            named = _name_after(line[word.end() : hi], speech)  # `by police`: any noun phrase, not only names
            return named or (" ".join(words) if 0 < len(words) <= MAX_SPEAKER_WORDS else None)
    return None


def _chained(doc: Doc, i: int, span: Span) -> Quote | None:
    """The quote before this one in its sentence, when that one has a cue: the two share it."""
    last = doc.quotes[-1] if doc.quotes else None
    if last is None or last.line != i or last.cue is None or last.end > span.start:
        return None
    between = doc.lines[i][last.end + 1 : span.start - 1]
    if _SENTENCE_END.search(between) or _term(doc.lines[i][span.start : span.end].strip()):
        return None
    return last


def _term(text: str) -> bool:
    """A single quoted term (`"smell"`, `“物联网”`) rather than words of speech (`"mission."`, `“好主意。”`)."""
    if _SENTENCE_END.search(text[-1:]):
        return False
    if _HAN.search(text):
        return len(_HAN.findall(text)) < MIN_HAN_FRAGMENT
    return len(text.split()) < 2


def _append(
    doc: Doc,
    i: int,
    start: int,
    text: str,
    speaker: str | None,
    cue: str | None,
    rule: str,
    unclosed: bool,
) -> None:
    confidence = {
        "quotes.cue": 0.8,
        "quotes.pronoun": 0.7,
        "quotes.carried": 0.6,
        "quotes.chained": 0.6,
        "quotes.fragment": 0.5,
        "quotes.headline": 0.5,
        "quotes.block": 0.5,
    }.get(rule, 0.4)
    doc.quotes.append(
        Quote(
            text=text,
            speaker=speaker,
            line=i,
            start=start,
            end=start + len(text),
            cue=cue,
            confidence=confidence - (0.2 if unclosed else 0.0),
            rule="quotes.unclosed" if unclosed else rule,
        )
    )
    if unclosed:
        doc.warnings.append(f"line {i + 1}: quotation mark never closed; quote runs to the end of the line")


def _interrupted(
    text: str, speech: Speech
) -> tuple[tuple[str, tuple[int, str]], tuple[regex.Match[str], str | None]] | None:
    """A quote cut by a dash-set reporting clause: `A, – said X. — B` gives A and B, and the clause's cue."""
    found = _INTERRUPTION.search(text)
    if found is None or speech.cues is None:
        return None
    clause = found["clause"]
    cue = speech.cues.search(_lower(clause))
    if cue is None:
        return None
    speaker = _name_after(clause[cue.end() :], speech) or _name_before(clause[: cue.start()], speech)
    a = text[: found.start()].rstrip(" ,")
    b = text[found.end() :]
    return (a, (found.end(), b)), (cue, speaker)


def _attribute(
    line: str, span: Span, spans: list[Span], cues: list[regex.Match[str]], lo: int, hi: int, speech: Speech
) -> tuple[regex.Match[str] | None, str | None]:
    """The quote's cue and the speaker it names, trying the common orders of a reporting clause."""
    after = [
        m
        for m in cues
        if span.close <= m.start() < hi
        and m.start() - span.close <= MAX_GAP_CHARS
        and not _opens_clause(line, m, speech)
    ]
    before = [
        m
        for m in cues
        if lo <= m.start() and m.end() <= span.start and span.start - m.end() <= MAX_BEFORE_CHARS
    ]
    if before:  # a cue past a chained quote only serves quotes that have none of their own
        after = [m for m in after if not any(span.close <= s.start and s.end <= m.start() for s in spans)]
    verbs = [m for m in before if not _is_source(m, speech)]
    if verbs and (any(_is_source(m, speech) for m in after[:1]) or _is_source(before[-1], speech)):
        after, before = [], verbs  # `وأشار شي …، بحسب التلفزيون، "…"`: the verb names the speaker
    intro = (
        before[-1] if before and len(line[before[-1].end() : span.start].strip()) <= MAX_INTRO_CHARS else None
    )
    if intro is not None:  # `X said: "…"`, `وأضاف: "…"`, `卢宇表示：“…”`
        return intro, _name_before(_left_context(line, intro, spans), speech)
    if after:  # `"…," Kevin said`, `"…," said the minister`, `«…», a ajouté Laurent Fabius`
        cue = after[0]
        gap = line[span.close : cue.start()]
        if any(span.close <= s.start and s.end <= cue.start() for s in spans):
            gap = ""  # quotes chained before one cue share its speaker
        name = _name_in_gap(gap, speech)
        # `…, according to X`; `Die Angriffe seien «…» gewesen, betont HRW`: a reporting clause set off
        # by a comma ends the sentence that holds the quote
        if name is None and (not _WORD.search(gap) or _is_source(cue, speech) or _CLAUSE_COMMA.search(gap)):
            name = _name_after(line[cue.end() : _stop_at(line, cue.end(), spans)], speech)
            if name is None and _is_source(cue, speech):
                name = _source_words(line[cue.end() : _stop_at(line, cue.end(), spans)], speech)
        if name is None and not _WORD.search(gap):  # `X, "…" dedi`: the subject stands before the quote
            subject = _name_before(line[lo : span.start - 1], speech)
            named = subject and (
                _name_run(subject.split(), speech) or _marked(line[lo : span.start - 1], speech)
            )
            name = subject if named else None
        if name is not None or not before:
            return cue, name
    if before:  # `وقال X إن "…"`, `Alan Marsh called it a "…"`
        cue = before[-1]
        after_cue = _name_after(line[cue.end() : span.start - 1], speech, past_circumstances=False)
        if after_cue is None and _is_source(cue, speech):
            after_cue = _source_words(line[cue.end() : span.start - 1], speech)
        named = _apposed_name(line[cue.end() : span.start - 1], after_cue, speech)
        if named:
            return cue, named
        subject = _name_before(_left_context(line, cue, spans), speech)
        if subject is None and line[lo : cue.start()].rstrip().endswith(","):  # `X left, writing`
            sentence = max((m.end() for m in _SENTENCE_END.finditer(line, 0, cue.start())), default=0)
            subject = " ".join(_first_name_run(line[sentence : cue.start()].split(), speech)) or None
        if after_cue is None and subject is None:  # `Jak powiedziała w piątek minister X, „…”`
            after_cue = _name_after(line[cue.end() : span.start - 1], speech)
        # (with a subject before the verb, a name past a time phrase is its addressee: `X powiedział w sobotę PAP`)
        if after_cue and _cased(after_cue.split()) and for_matching(cue.group()) in speech.describing:
            return cue, subject  # `Smith, who called the decision "outrageous"`: the decision is the object
        if after_cue and _cased(after_cue.split()):
            return cue, after_cue if _name_run(after_cue.split(), speech) else subject or after_cue
        return cue, after_cue or subject
    return None, None


def _opens_clause(line: str, cue: regex.Match[str], speech: Speech) -> bool:
    """`…"المنافي"، إلا أنه يقول إن …`: a cue followed by `that` reports its own clause, not the quote before."""
    after = _WORD.findall(for_matching(line[cue.end() : cue.end() + 12]))
    return bool(after) and after[0] in speech.complementizers


def _apposed_name(between: str, speaker: str | None, speech: Speech) -> str | None:
    """`وقال أحد الباحثين في الدراسة … نادر الحسن "…"`: after an indefinite descriptor (one of
    the supervisors), the words right before the quote name the speaker."""
    words = speaker.split() if speaker else []
    if not words or for_matching(words[0]) not in speech.indefinites or _cased(words):
        return None
    tail = _BOUNDARY.split(between)[-1].split()
    keys = [for_matching(w) for w in tail]
    fits = MIN_UNCASED_MENTION_WORDS <= len(tail) <= MAX_APPOSITION_WORDS
    return " ".join(tail) if fits and not any(k in speech.stops or _is_cue(k, speech) for k in keys) else None


def _source_words(text: str, speech: Speech) -> str | None:
    """`По словам министра, …`: after a source cue, a noun phrase is the source even without a name."""
    words = _trim(_until_stop(_BOUNDARY.split(text)[0].split(), speech), speech)
    return " ".join(words) if 0 < len(words) <= MAX_APPOSITION_WORDS else None


def _is_source(cue: regex.Match[str], speech: Speech) -> bool:
    """`according to`, `بحسب`, `selon`: a cue that names a source rather than a speaker's act."""
    return for_matching(cue.group()) in speech.sources


def _name_in_gap(gap: str, speech: Speech) -> str | None:
    """The subject between a quote and its cue: the first piece (`, Ben Cardin, the ranking member, said`)."""
    pieces = [p for p in _BOUNDARY.split(gap) if p.strip()]
    if not pieces:
        return None
    words = pieces[0].split()
    if for_matching(words[0]) in speech.stops:
        return None
    name = _name_before(pieces[0], speech)
    descriptor = name or _possessive(words[0])  # `Bowman's mother, Joyce, told`
    if len(pieces) > 1 and descriptor and _cased(words) and not _name_run(words, speech):
        apposed = pieces[1].split()  # `the mayor, Helen Brooks, said`: the name apposed to a descriptor
        if len(_name_run(apposed, speech)) == len(apposed):
            return " ".join(apposed)
    return name


def _document_owner(doc: Doc, i: int, speaker: str | None, speech: Speech) -> str | None:
    """`وأضاف البيان`: the statement is the one named last with its owner (`بيان للكرملين`)."""
    if (
        not speaker
        or _drop_proclitic(for_matching(speaker)).removeprefix(speech.definite) not in speech.documents
    ):
        return None
    for j in range(i, max(-1, i - MAX_DOCUMENT_LINES), -1):
        for found in (
            reversed(list(speech.document_owner.finditer(doc.lines[j]))) if speech.document_owner else []
        ):
            head = _drop_proclitic(found["owner"])
            head = head[1:] if head.startswith("ل") and not head.startswith("ال") else head  # بيان لوزارة
            owner = _until_stop([head, *found["rest"].split()], speech)
            if owner and not (j == i and found.start() > 0 and speaker in doc.lines[i][: found.start()]):
                return " ".join(owner[:MAX_APPOSITION_WORDS])
    return None


def _reopened(doc: Doc, i: int, span: Span, speech: Speech) -> bool:
    """`“…` / `“Nobody will lose a home.”`: the same mark reopening a quote left open by the paragraph
    before continues it, however short, when nothing but a reporting clause follows it on the line
    (`'Calm and polite' driver fled the scene …` is a headline, not the rest of a quote)."""
    line = doc.lines[i]
    previous = next((j for j in range(i - 1, -1, -1) if doc.labels[j] is Label.BODY), None)
    open_quote = next(
        (q for q in doc.quotes[-3:] if q.line == previous and q.rule == "quotes.unclosed"), None
    )
    if open_quote is None or line[: max(span.start - 1, 0)].strip():
        return False
    opener = doc.lines[open_quote.line][: open_quote.start].rstrip()[-1:]
    rest = line[span.close :]
    attributed = speech.cues is not None and speech.cues.search(_lower(rest)) is not None
    return line[span.start - 1] == opener and (not _WORD.search(rest) or attributed)


def _continued(doc: Doc, i: int, span: Span) -> Quote | None:
    """The attributed quote of this line whose reporting clause ends just before this quoted
    sentence: the speaker goes on, however short the sentence (`… said a witness. "It shook."`)."""
    line = doc.lines[i]
    before = next((q for q in reversed(doc.quotes) if q.line == i and q.end < span.start), None)
    if before is None or before.speaker is None or before.cue is None:
        return None
    between = line[before.end : span.start - 1].strip()
    text, rest = line[span.start : span.end].strip(), line[span.close :].lstrip()
    starts = _SENTENCE_END.search(between[-1:]) is not None and text[:1].isupper()
    ends = text[-1:] in ".!?…" or not rest or rest[0] in ".!?…"  # a whole sentence, not `"X" was …`
    return before if starts and ends and before.cue in between and len(between) <= MAX_GAP_CHARS else None


def _quoted_before(doc: Doc, i: int) -> bool:
    """Whether the body paragraph before line `i` (embeds, captions and blanks aside) holds a quote."""
    previous = next((j for j in range(i - 1, -1, -1) if doc.labels[j] is Label.BODY), None)
    return previous is not None and any(q.line == previous for q in doc.quotes[-3:])


def _long_enough(text: str) -> bool:
    if _HAN.search(text):
        return len(_HAN.findall(text)) >= MIN_HAN_WITHOUT_CUE
    return len(text.split()) >= MIN_WORDS_WITHOUT_CUE


def _after_name_head(line: str, span: Span, speech: Speech, speaking: bool = False) -> bool:
    before = _WORD.findall(for_matching(line[max(0, span.start - 30) : span.start - 1]))
    if not before:
        return False
    heads = speech.speaking_heads if speaking else speech.name_heads
    if _HAN.search(before[-1]):  # no spaces: `被网友称为“…”`, `微博“…”` end the run of Han
        return any(before[-1].endswith(h) for h in heads)
    head = _drop_proclitic(before[-1])
    bare = head.removeprefix(speech.definite) if speech.definite else head  # الكوكب "…" as كوكب "…"
    return head in heads or bare in heads or (head[1:] in heads and head[:1] in speech.clitics)


def _is_name(line: str, span: Span, speech: Speech) -> bool:
    """A short quoted term after a head noun (قناة "المملكة", channel "X") or written as a proper name."""
    text = line[span.start : span.end].strip()
    words = text.split()
    before = line[: max(span.start - 1, 0)]
    if len(words) > 4 or before.rstrip().endswith((":", "：")):
        return False  # `with the caption: "Welcome Maria"`: a colon introduces speech, not a name
    if any(before.endswith(g) and before[: -len(g)][-1:] in ("", " ") for g in speech.glued):
        return True  # `وقال مصدر لـ"الجزيرة نت"`: told Al Jazeera Net
    if words and for_matching(words[0]) in speech.name_heads and len(words) > 1:
        return True  # "جمهورية قره باغ", "Operation X": a head noun inside the marks
    if len(words) <= MAX_DESIGNATION_WORDS and any(w.isdigit() for w in words[1:]):
        return True  # "كيبلر 22 بي", "Boeing 737 Max": a designation
    if _after_name_head(line, span, speech):
        return True
    cased = [w for w in words if w[:1].isalpha() and (w[0].isupper() or w[0].islower())]
    return bool(cased) and len(cased) == len(words) and all(w[0].isupper() for w in cased) and len(words) > 1


def _clause(line: str, span: Span, spans: list[Span]) -> tuple[int, int]:
    """Where the quote's cue may stand: its sentence, not past a neighbouring quote unless the two are
    chained in one clause (`«les plus éprouvés» par la catastrophe et les «plus vulnérables», selon X`)."""
    lo = max(
        (
            m.end()
            for m in _SENTENCE_END.finditer(line, 0, max(span.start - 1, 0))
            if not _inside(m.start(), spans)
        ),
        default=0,
    )
    lo = max([lo, *(s.close for s in spans if s.close <= span.start)])
    ends = [m.start() for m in _SENTENCE_END.finditer(line, span.close) if not _inside(m.start(), spans)]
    following = [s for s in spans if s.start > span.close]
    chained = following and following[0].start - span.close <= MAX_CHAIN_GAP_CHARS
    hi = min([len(line), *ends[:1], *([] if chained else [s.start - 1 for s in following])])
    return lo, hi


# --- the speaker ------------------------------------------------------------------------------


def _speaker_at(line: str, cue: regex.Match[str], spans: list[Span], speech: Speech) -> str | None:
    """The speaker of a cue without a quote (indirect speech): a name before it, or right after it."""
    before = _name_before(_left_context(line, cue, spans), speech)
    if before and _cased(before.split()):
        return before if _name_run(before.split(), speech) else None
    if before or _HAN.search(line[cue.end() : cue.end() + 2]):
        return before  # Chinese puts the subject before the verb
    after = _name_after(line[cue.end() : _stop_at(line, cue.end(), spans)], speech)
    if after and not MIN_UNCASED_MENTION_WORDS <= len(after.split()) <= MAX_SPEAKER_WORDS:
        return None  # one word after a verb is as often an object (`قالت لأمها`) as a name; many, a clause
    return after if after and not _cased(after.split()) else None


def _stop_at(line: str, pos: int, spans: list[Span]) -> int:
    return min([len(line), *(s.start - 1 for s in spans if s.start > pos)])


def _left_context(line: str, cue: regex.Match[str], spans: list[Span]) -> str:
    lo = max([0, *(s.close for s in spans if s.close <= cue.start())])
    return line[lo : cue.start()]


def _name_after(text: str, speech: Speech, past_circumstances: bool = True) -> str | None:
    """The noun phrase right after a cue: `said the minister`, `قال رئيس الوزراء نجيب ميقاتي إن`;
    `past_circumstances`: also after a time or venue phrase (`powiedziała w piątek minister X`)."""
    text = _without_circumstances(text, speech) if past_circumstances else text
    text = _ABBREVIATION.sub(lambda m: m[1] if for_matching(m[1]) in speech.titles else m[0], text)
    head = text.split(maxsplit=2)
    if len(head) > 2 and for_matching(head[0]) in speech.relatives and _is_cue(head[1], speech):
        text = head[2]  # `حسب ما أكدته النقابة`: the source is the subject of the verb after `ما`
    pieces = _BOUNDARY.split(text)
    words = _until_stop(pieces[0].split(), speech)
    first_boundary = _BOUNDARY.search(text)
    comma = first_boundary is not None and first_boundary.group().strip() in ",،"
    titled = bool(words) and (for_matching(words[0]) in speech.titles | speech.roles)
    if titled and comma and len(pieces) > 1 and not _cased(words):
        extra = _until_stop(pieces[1].split(), speech)  # `رئيس الوزراء، بنيامين نتنياهو، …`: the apposed name
        if 0 < len(extra) <= MAX_APPOSITION_WORDS and len(extra) == len(pieces[1].split()):
            words += extra
    words = _trim(words, speech)
    if not words or len(words) > (MAX_SPEAKER_WORDS if _cased(words) else MAX_UNCASED_SPEAKER_WORDS):
        return None
    if not _cased(words):
        return " ".join(words)
    first = for_matching(words[0])
    apposed = pieces[1].split() if comma and len(pieces) > 1 else []
    person = MIN_UNCASED_MENTION_WORDS <= len(apposed) <= MAX_APPOSITION_WORDS
    if titled and words[0].islower() and person and _name_run(apposed, speech) == apposed:
        return " ".join(
            apposed
        )  # `powiedziała rzeczniczka Departamentu Stanu, Anna Nowak`: the office is no name
    run = _first_name_run(words, speech)
    if run:
        return " ".join(run)  # `said the minister Claire Dubois` -> `Claire Dubois`
    definite = first in speech.anaphors or any(first.startswith(a) for a in speech.anaphors if a[-1:] in "'’")
    if definite and 0 < len(apposed) <= MAX_APPOSITION_WORDS and _name_run(apposed, speech) == apposed:
        return " ".join(apposed)  # `a déclaré l'adjointe chargée des mobilités, Sophie Laurent, lors de`
    if first in speech.anaphors or first in speech.indefinites:
        return " ".join(words)  # `said the finance minister`
    return None  # `said in a statement`: no name after the cue


MAX_CIRCUMSTANCE_WORDS = 4


def _without_circumstances(text: str, speech: Speech) -> str:
    """`powiedziała we wtorek na konferencji minister Anna Nowak`: where the subject may follow the
    verb (Slavic word order), time and venue phrases between the two are not the subject."""
    if not speech.circumstances:
        return text
    words = text.split()
    skipped = 0
    while skipped < len(words):
        for n in range(min(MAX_CIRCUMSTANCE_WORDS, len(words) - skipped), 0, -1):
            phrase = words[skipped : skipped + n]
            if for_matching(" ".join(phrase)).rstrip(",") in speech.circumstances:
                skipped += n
                break
        else:
            break
    return " ".join(words[skipped:]) if skipped else text


def _first_name_run(words: list[str], speech: Speech) -> list[str]:
    """The first run of capitalized words, without a leading title: `glava rayona Oleg Smirnov`."""
    start = next(
        (k for k, w in enumerate(words) if w[:1].isupper() and for_matching(w) not in speech.anaphors), None
    )
    if start is None:
        return []
    if start and _links(words[start - 1], speech):
        return []  # `le ministère de l’Intérieur`: a name inside the descriptor, not apposed to it
    end = start
    while end < len(words) and (
        words[end][:1].isupper() or words[end][:1].isdigit() or _inside_name(words, end, speech)
    ):
        end += 1
    run = _untitled(words[start:end], speech)
    return [] if all(_is_title(w, speech) for w in run) else run  # `die Kanzlerin`: a title, no name


def _inside_name(words: list[str], k: int, speech: Speech) -> bool:
    """`van`, `der` of `Kees van der Berg`: a name particle that a capitalized word follows."""
    while k < len(words) and for_matching(words[k]) in speech.name_particles:
        k += 1
    return (
        0 < k < len(words) and words[k][:1].isupper() and for_matching(words[k - 1]) in speech.name_particles
    )


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper() and word.isalpha()


def _links(word: str, speech: Speech) -> bool:
    """`of`, `des`, `der`: a short lowercase word that links a noun to its complement (a short title
    such as `мэр` is none: `мэр Олег Смирнов`)."""
    key = for_matching(word)
    return (
        word.islower()
        and len(word) <= MAX_LINK_WORD
        and key not in speech.anaphors
        and key not in speech.titles
    )


def _untitled(words: list[str], speech: Speech) -> list[str]:
    """A name without the titles before it (`Bürgermeisterin Anna Keller`), nor the acronym of the
    office a title names (`Kepala BPBD Siti Rahmawati`), when a name remains."""
    k = 0
    while k < len(words) - 1 and (
        for_matching(words[k]).rstrip(".") in speech.titles or (_acronym(words[k]) and k < len(words) - 2)
    ):
        k += 1
    return words[k:] if any(w[:1].isupper() for w in words[k:]) else words


def _until_stop(words: list[str], speech: Speech) -> list[str]:
    out: list[str] = []
    for word in words:
        key = for_matching(word)
        if key in speech.stops or _drop_proclitic(key) in speech.stops or _is_cue(word, speech):
            break
        if any(word.startswith(p) and len(word) > len(p) + 1 for p in speech.stop_prefixes):
            break  # `قالت لأمها`: a preposition glued to the word
        out.append(word)
    return out


def _is_cue(word: str, speech: Speech) -> bool:
    return speech.cues is not None and speech.cues.fullmatch(_lower(word.strip(" .,،:;"))) is not None


def _lower(text: str) -> str:
    """Lowercase with the offsets kept (a few letters, such as İ, lowercase to two characters)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(ch.lower()[0] for ch in text)


def _name_before(text: str, speech: Speech) -> str | None:
    """The subject just before a cue: `Kevin explained`, `卢宇表示`, `الجيش اللبناني قد أعلن`."""
    pieces = [p for p in _BOUNDARY.split(text) if p.strip()]
    if len(pieces) > 1 and pieces[-1].strip().isdigit():
        pieces.pop()  # `Smith, 45, added`: the age apposed to the name
    if not pieces:
        return None
    named = _named_before_descriptor(pieces, speech)
    if named:
        return named  # `Peggy Brant, a spokeswoman for the family, told`
    chunk = pieces[-1].strip()
    if _HAN.search(chunk) and " " not in chunk:
        return _han_subject(chunk, speech)
    raw = [w for w in chunk.split() if not _is_cue(w, speech)]
    words = _trim(raw, speech)
    if raw and for_matching(raw[-1]) in speech.pronouns and len(pieces) > 1 and raw[-1][:1].islower():
        words = _trim(pieces[-2].split(), speech)  # "Isaiah 41:10, which says": the relative's head
    if not words:
        return None
    if not _cased(words):
        if not _BOUNDARY.split(text)[-1].strip():
            return None  # `…، ووصفها`: a verb after a comma starts a clause whose subject came before
        keys = [for_matching(w) for w in words]
        quoted = max((k for k, key in enumerate(keys) if key in speech.quoting), default=-1)
        if 0 <= quoted < len(words) - 1:  # `نقلت الوكالة عن مسؤول قوله`: the official is quoted
            words, keys = words[quoted + 1 :], keys[quoted + 1 :]
        after = max((k for k, key in enumerate(keys) if key in speech.complementizers), default=-1)
        if after >= 0:  # `… أن الوزير توجه للصحفيين بالقول`: the subject of the reported clause
            words = words[after + 1 :]
        starts_clause = not words or for_matching(words[0]) in speech.stops
        return None if starts_clause or len(words) > MAX_UNCASED_SUBJECT else " ".join(words)
    run = _name_run(words, speech)
    if run:
        return " ".join(run)
    determiners = speech.anaphors | speech.indefinites
    det = max((k for k, w in enumerate(words) if for_matching(w) in determiners), default=None)
    if (
        det is not None
        and any(w[:1].isupper() for w in words[det + 1 :])
        and len(words) - det <= MAX_SPEAKER_WORDS
    ):
        return " ".join(words[det:])  # `the Newsweek fact check concludes`
    if any(for_matching(w) in speech.pronouns for w in words[:1]):
        return words[0]
    first = for_matching(words[0])
    if (first in speech.anaphors or first in speech.indefinites) and len(words) <= MAX_SPEAKER_WORDS:
        return " ".join(words)  # `the loving father`, `a source`
    return None


def _named_before_descriptor(pieces: list[str], speech: Speech) -> str | None:
    """`Peggy Brant, a spokeswoman for the family,` before a cue: the name a descriptor is apposed to."""
    if len(pieces) < 2:
        return None
    descriptor, name = pieces[-1].split(), [w for w in pieces[-2].split() if w]
    if not descriptor or not _cased(descriptor) or not 0 < len(name) <= MAX_APPOSITION_WORDS:
        return None
    opens = for_matching(descriptor[0]) in speech.indefinites | speech.anaphors or _possessive(descriptor[0])
    return " ".join(name) if opens and _name_run(name, speech) == name else None


def _possessive(word: str) -> bool:
    """`Bowman's`, `Emerson’s`: a name as the modifier of the noun after it."""
    return word[:1].isupper() and word.endswith(("'s", "’s"))


def _marked(text: str, speech: Speech) -> bool:
    """Whether `text` ends with a subject its particle marks (`山田市長は`, `김 시장은`): in a script
    without case that particle, not a capital, tells a subject from the rest of a clause."""
    words = _trim(text.rstrip(" ,、，").split(), speech)  # `김 시장은 이날 "…"`: an adverb after the subject
    return bool(words) and any(_glued(words[-1], m, speech) for m in speech.subject_markers)


def _glued(word: str, particle: str, speech: Speech) -> bool:
    """Whether `word` ends with `particle` glued to a stem, in the particle's form that stem takes:
    Korean writes 이/은 after a final consonant, 가/는 after a vowel, so `엘제이` ends in no 이."""
    if not word.endswith(particle) or len(word) <= len(particle):
        return False
    stem = word[-len(particle) - 1]
    if not "\uac00" <= stem <= "\ud7a3":  # a Hangul syllable: (code - 0xAC00) % 28 is its final consonant
        return True
    closed = (ord(stem) - 0xAC00) % 28 != 0
    return not (
        particle in speech.after_consonant and not closed or particle in speech.after_vowel and closed
    )


def _without_particle(speaker: str, speech: Speech) -> str:
    """The speaker without the subject particle glued to its last word (`김철수 시장이` -> `김철수 시장`)."""
    for marker in sorted(speech.subject_markers, key=len, reverse=True):
        if _glued(speaker.rsplit(maxsplit=1)[-1], marker, speech):
            return speaker[: -len(marker)]
    return speaker


def _han_subject(chunk: str, speech: Speech) -> str | None:
    """A subject in Han text: the words after the last possessive (的, の), without trailing
    adverbs and particles (还, 也, 恳切地, は)."""
    subject = chunk
    for possessive in speech.possessives:
        subject = subject.rsplit(possessive, 1)[-1]
    changed = True
    while changed and subject:
        changed = False
        for particle in sorted(speech.particles, key=len, reverse=True):
            if subject.endswith(particle) and len(subject) > len(particle):
                subject, changed = subject[: -len(particle)], True
    subject = regex.sub(r"\p{Han}{1,3}地$", "", subject) or subject
    if any(subject.endswith(t) for t in speech.titles) and len(subject) <= MAX_HAN_ROLE:
        return subject  # `铁路部门负责人`: a role with its organization, kept whole
    return subject[-MAX_HAN_SPEAKER:] if subject else None


def _name_run(words: list[str], speech: Speech) -> list[str]:
    """The trailing run of capitalized words, numbers after them: `the apostle Paul` -> `Paul`, `Isaiah 41:10`."""
    run: list[str] = []
    for word in reversed(words):
        particle = bool(run) and for_matching(word) in speech.name_particles  # `Kees van der Berg`
        if word[:1].isupper() or particle or (word[:1].isdigit() and all(w[:1].isdigit() for w in run)):
            run.insert(0, word)
        else:
            break
    function_words = speech.anaphors | speech.indefinites | speech.particles | speech.pronouns | speech.stops
    while run and (not run[0][:1].isupper() or for_matching(run[0]) in function_words):
        run.pop(0)  # `The 56-year-old`: a capital only because the sentence starts there
    return [] if all(_is_title(w, speech) for w in run) else run  # `Die Kanzlerin`: a title, no name


def _is_title(word: str, speech: Speech) -> bool:
    """`Kanzlerin`, `Premier`, `Sen.`: a word of a title, capitalized or not."""
    return for_matching(word).strip(".,;:") in speech.title_words


def _trim(words: list[str], speech: Speech) -> list[str]:
    words = [w.strip(" .,،:;'\"•·*–—") for w in words]  # bullets of a list item too
    words = [w for w in words if w]
    while words and for_matching(words[0]) in speech.particles:
        words.pop(0)
    if words:
        words[0] = _unelided(words[0], speech)  # `a insisté l'OMS`; `le ministère de l’Intérieur` stays
    while words and for_matching(words[-1]) in speech.particles:
        words.pop()
    return words


def _unelided(word: str, speech: Speech) -> str:
    """`l'OMS` -> `OMS`, `l’Istat` -> `Istat`: an elided article glued to a name is no part of it."""
    cut = word.find("'") + 1 or word.find("’") + 1
    if 0 < cut < len(word) and word[cut].isupper() and for_matching(word[:cut]) in speech.anaphors:
        return word[cut:]
    return word


def _cased(words: list[str]) -> bool:
    letters = [w[0] for w in words if w[:1].isalpha()]
    return any(ch.isupper() or ch.islower() for ch in letters)


def _refers_back(speaker: str, speech: Speech) -> bool:
    """A pronoun (`he`, `Она откровенно`), or a definite descriptor without a name (`the loving father`)."""
    words = speaker.split()
    first = for_matching(words[0]) if words else ""
    if for_matching(speaker) in speech.pronouns or (first in speech.pronouns and len(words) <= 2):
        return True
    adjectives = speech.definite and all(w.startswith(speech.definite) for w in words[1:])
    if not _cased(words) and first in speech.roles and adjectives:
        return True  # `القيادية الجمعوية`: a role and its adjectives, no name
    if not _cased(words) and first in speech.kin and len(words) <= MAX_KIN_WORDS:
        return True  # `والد أمينة`: Amina's father, whom the text named before
    if (
        len(words) == 1
        and not _cased(words)
        and any(first.endswith(s) and len(first) > len(s) + 2 for s in speech.pronoun_suffixes)
    ):
        return True  # `ما دفعها تقول`: a verb with its object pronoun, the subject named before
    if _cased(words) and not _name_run(words, speech):
        if len(words) > 1 and first in speech.anaphors and words[1][:1].isupper():
            return _is_title(
                words[1], speech
            )  # `the Newsweek fact check`: a name; `Le Premier ministre`: none
        if any(_links(a, speech) and b[:1].isupper() for a, b in zip(words[1:], words[2:], strict=False)):
            return False  # `le ministère de l’Intérieur`: an institution, named
        return first not in speech.indefinites  # `the loving father`
    return False


def _drop_proclitic(word: str) -> str:
    """`والجيش` -> `الجيش`, `للكرملين` -> `الكرملين` (the alef of ال is not written after لـ)."""
    stripped = _PROCLITIC.sub("", word)
    return (
        "ا" + stripped
        if stripped != word and stripped.startswith("ل") and not stripped.startswith("ال")
        else stripped
    )


def _clean(speaker: str, speech: Speech) -> str:
    if speaker.startswith("-") and for_matching(speaker) in speech.pronouns:
        return speaker.rsplit("-", 1)[-1]  # `-t-il` of `explique-t-il`: il
    words = _without_particle(speaker.strip(" .,،:;-–—"), speech).split()
    if words:
        words[0] = _drop_proclitic(words[0])
    if _cased(words):
        words = _untitled(words, speech)
    elif _HAN.search(speaker):
        return _han_untitled(speaker, speech)
    return " ".join(words)


def _han_untitled(speaker: str, speech: Speech) -> str:
    """`交通局局长王明` -> `王明`: the name after the last title word."""
    cut = max((speaker.rfind(t) + len(t) for t in speech.titles if t in speaker), default=0)
    return speaker[cut:] if len(speaker) - cut >= MIN_HAN_NAME else speaker


def _speaker_from_below(doc: Doc, speech: Speech) -> None:
    """A quote before any named speaker (a headline's, `الرئيس الصيني يتعهد`) takes the first speaker
    its article names."""
    titles = set(doc.titles.values())
    for q in doc.quotes:
        if q.speaker is None or (q.line in titles and _refers_back(q.speaker, speech)):
            later = (
                p.speaker
                for p in doc.quotes
                if p.line > q.line
                and p.speaker
                and not _refers_back(p.speaker, speech)
                and doc.articles[p.line] == doc.articles[q.line]
            )
            q.speaker = next(later, q.speaker)


def _headline_speakers(doc: Doc, speech: Speech) -> None:
    """A headline's quoted words without a cue come from the body sentence that repeats most of them
    (`'ready for the offer'` ~ `The rail union is ready for the offer from the ministry, a union
    official said`): its cue names the speaker."""
    titles = set(doc.titles.values())
    for q in doc.quotes:
        if q.line not in titles or q.cue is not None:
            continue
        words = {w for w in _WORD.findall(for_matching(q.text)) if len(w) > MAX_LINK_WORD}
        best, best_shared = None, len(words) / 2
        for j in _quote_lines(doc):
            if j == q.line or doc.articles[j] != doc.articles[q.line]:
                continue
            for sentence in _sentences(doc.lines[j]):
                shared = len(words & set(_WORD.findall(for_matching(sentence))))
                if shared > best_shared:
                    best, best_shared = sentence, shared
        cue = speech.cues.search(_lower(best)) if best and speech.cues else None
        if best and cue:
            q.speaker = _name_before(best[: cue.start()], speech) or _speaker_at(best, cue, [], speech)
            q.cue = cue.group()


def _sentences(line: str) -> list[str]:
    ends = [m.end() for m in _SENTENCE_END.finditer(line)]
    return [line[a:b] for a, b in zip([0, *ends], [*ends, len(line)], strict=False) if line[a:b].strip()]


def _fragment_speakers(doc: Doc) -> None:
    """A fragment quoted without a cue is the words of the speaker quoted next in its paragraph
    (`« encore plus de trente » personnes. « … », a ajouté X`), else of the one quoted before it."""
    for q in doc.quotes:
        if q.rule != "quotes.fragment":
            continue
        same = [p for p in doc.quotes if p.line == q.line and p.speaker and p.rule != "quotes.fragment"]
        after = [p for p in same if p.start > q.start]
        source = after[0] if after else same[-1] if same else None
        q.speaker = source.speaker if source else None


def _repeated_quotes(doc: Doc) -> None:
    """A headline, crosshead or pull quote that repeats words quoted in its article is theirs:
    a quoted line alone (`‘We must act now’`) is a quote, with the speaker of the quote it repeats."""
    quoted = {q.line for q in doc.quotes}
    for i in _quote_lines(doc):
        line = doc.lines[i]
        spans = find_spans(line)
        alone = len(spans) == 1 and not spans[0].unclosed and not line[spans[0].close :].strip()
        if i in quoted or not alone or line[: spans[0].start - 1].strip():
            continue
        text = line[spans[0].start : spans[0].end].strip()
        source = _repeated_in(doc, i, text)
        if source is not None:
            doc.quotes.append(
                Quote(
                    text,
                    source.speaker,
                    i,
                    line.index(text),
                    line.index(text) + len(text),
                    None,
                    0.6,
                    "quotes.repeated",
                )
            )
    for q in doc.quotes:
        source = _repeated_in(doc, q.line, q.text) if q.line in doc.titles.values() else None
        if source is not None:
            q.speaker = source.speaker  # a headline's quote, attributed in the body


def _repeated_in(doc: Doc, i: int, text: str) -> Quote | None:
    key = " ".join(_WORD.findall(for_matching(text)))
    if len(key.split()) < MIN_REPEATED_WORDS and not _HAN.search(key):
        return None
    return next(
        (
            q
            for q in doc.quotes
            if q.line != i
            and q.speaker
            and q.rule != "quotes.repeated"
            and doc.articles[q.line] == doc.articles[i]
            and key in " ".join(_WORD.findall(for_matching(q.text)))
        ),
        None,
    )


def _known_prefixes(doc: Doc, mentions: list[str], speech: Speech) -> None:
    """`كمال توجه لسليم` -> `كمال`: in a script without case, a speaker that starts with a name the text
    quotes on its own (more than once), followed by words no other form of that name has, ends with
    the name."""
    counts = Counter(_key(m) for m in mentions)
    names = set(counts)
    for q in doc.quotes:
        words = q.speaker.split() if q.speaker else []
        if len(words) < 2 or _cased(words) or _HAN.search(q.speaker or ""):
            continue
        for k in range(len(words) - 1, 0, -1):
            prefix, rest = _key(" ".join(words[:k])), _key(words[k])
            longer = [m for m in names if m.startswith(prefix + " ") and m != _key(q.speaker or "")]
            to_name = rest[:1] in speech.clitics and rest[1:] in names  # `لسليم`: to Salim
            known = counts[prefix] >= MIN_PREFIX_MENTIONS
            if known and (to_name or not any(rest in m.split() for m in longer)):
                q.speaker = " ".join(words[:k])
                break


def _key(text: str) -> str:
    return " ".join(_drop_proclitic(w) for w in for_matching(text).split())


_ACRONYM = regex.compile(r"\p{Lu}[\p{Lu}\d&]{1,7}")


def _expanded_acronyms(doc: Doc, speech: Speech) -> None:
    """`HRW` -> `Human Rights Watch` where the article writes `Human Rights Watch (HRW)`: an
    institution speaks under the fullest name the text gives it."""
    for q in doc.quotes:
        if q.speaker and _ACRONYM.fullmatch(q.speaker):
            q.speaker = _spelled_out(doc, q.line, q.speaker, speech) or q.speaker


def _spelled_out(doc: Doc, i: int, acronym: str, speech: Speech) -> str | None:
    """The words before `(ACRONYM)` in the article whose initials spell it, short linking words
    skipped (`Organisation mondiale de la santé (OMS)`)."""
    mark = f"({acronym})"
    for j in _quote_lines(doc):
        at = doc.lines[j].find(mark)
        if at < 0 or doc.articles[j] != doc.articles[i]:
            continue
        words = [_unelided(w, speech) for w in _BOUNDARY.split(doc.lines[j][:at])[-1].split()]
        spelled = ""
        for k in range(len(words) - 1, -1, -1):
            if len(words[k]) > MAX_LINK_WORD or words[k][:1].isupper():
                spelled = words[k][0].upper() + spelled
            if spelled == acronym and words[k][:1].isupper():
                return " ".join(words[k:])
            if len(spelled) >= len(acronym):
                break
    return None


def _fullest_names(doc: Doc) -> None:
    """`Cardin` -> `Ben Cardin`: a one-word speaker takes the longest form the doc's speakers use."""
    names = {q.speaker for q in doc.quotes if q.speaker}
    for q in doc.quotes:
        if not q.speaker or " " in q.speaker or not q.speaker[:1].isupper():
            continue
        longer = [
            n for n in names if q.speaker in n.split() and n != q.speaker and n.split()[0][:1].isupper()
        ]
        if longer:
            q.speaker = min(longer, key=len)
            continue
        q.speaker = _name_in_text(doc, q.speaker) or q.speaker


def _name_in_text(doc: Doc, word: str) -> str | None:
    """First name and surname around a one-word speaker in the text: `Luis` -> `Luis Moreno`."""
    pattern = regex.compile(
        rf"(?<![\p{{L}}.])(?:\p{{Lu}}\p{{Ll}}+\s+{regex.escape(word)}|{regex.escape(word)}\s+\p{{Lu}}\p{{Ll}}+)(?!\p{{L}})"
    )
    for i in _quote_lines(doc):
        found = pattern.search(doc.lines[i])
        if found:
            return found.group()
    return None
