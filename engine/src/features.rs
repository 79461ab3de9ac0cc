//! The shape of one line (newsdump/features.py's `line_features`, without a language's stoplist):
//! length, words, sentence punctuation, links, bullets, digits, letters, case, separators.
//!
//! Every pattern here is the Python one, rewritten where the two regex dialects differ:
//! - `str.strip()` removes `str.isspace()` characters, which include U+001C..U+001F; Rust's
//!   `trim()` and the `\s` of both regex engines do not ([`py_isspace`]).
//! - Python's `\p{Han}` is the Script property, Rust's the Script_Extensions one (`、` and `ー`
//!   are Han/kana there): written `\p{sc=Han}` here.
//! - Rust's regex has no look-behind: `(?<![\p{L}\p{M}\p{N}])\p{Lu}` becomes a consumed prefix, and
//!   the URL pattern's `(?<!\w)@\w{2,}` is checked by hand ([`LineShaper::url_chars`]).
//! - Rust has no `str.casefold()`, and `to_lowercase` is not it (ß, ς, ﬁ; newer Unicode tables):
//!   [`casefold`] uses CPython's own fold table (casefold.rs, from scripts/gen_casefold.py).
//! - A stripped line ends in no white space, so `\s*$` is `$`, and `[.!?…]['"”’»」』)\]]*$` is
//!   "the last character that is no closing mark is a full stop".

use crate::casefold::FOLDS;
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashSet;

/// Closing quotes and brackets that may follow a sentence's full stop.
const CLOSERS: &[char] = &['\'', '"', '”', '’', '»', '」', '』', ')', ']'];
/// Commas and semicolons of every script: prose has clauses, menus and headlines rarely do.
const CLAUSE_MARKS: &[char] = &[',', ';', '，', '、', '；', '،', '؛'];
/// Every URL match holds one of these: lines without any skip the costly pattern (as in Python).
const URL_MARKS: &[&str] = &[
    "@", "http", "www.", ".com", ".org", ".net", ".ru", ".cn", ".htm",
];

/// `str.isspace()`: White_Space plus the information separators U+001C..U+001F (bidi class B/S).
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// One line's features, as `LineFeatures` holds them (counts as integers, shares as `f64`).
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub chars: usize,
    pub words: usize,
    pub terminal: bool,
    pub bullet: bool,
    pub url_share: f64,
    pub digit_share: f64,
    pub letter_share: f64,
    pub separators: usize,
    pub indent: usize,
    /// Without a stoplist: the CJK function-character share in mostly unspaced text, else 0.
    /// `None` when that share is needed and no CJK stop characters were given yet.
    pub stop_share: Option<f64>,
    pub clauses: usize,
    pub upper_share: f64,
    pub colon_end: bool,
    pub truncated: bool,
    /// Mostly unspaced script: the stop share counts CJK characters, whatever the stoplist.
    pub cjk_mode: bool,
}

pub struct LineShaper {
    word: Regex,
    cjk: Regex,
    letters: Regex,
    digits: Regex,
    url: Regex,
    url_domain: Regex,
    word_char: Regex,
    bullet: Regex,
    separator: Regex,
    upper_start: Regex,
    full_stops: HashSet<char>,
    cjk_stop: Option<HashSet<char>>,
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the engine's own patterns compile")
}

/// The URL pattern's last alternative (a bare domain), alone: tried where `@\w{2,}` is refused.
const URL_DOMAIN: &str = r"\b\S+\.(?:com|org|net|ru|cn|html?)\b";

impl LineShaper {
    /// `script_full_stops`: newsdump.normalize.SCRIPT_FULL_STOPS (one home for them, in Python).
    pub fn new(script_full_stops: &str) -> Self {
        let url = format!(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|(@\w{{2,}})|{URL_DOMAIN}");
        Self {
            word: compile(r"[\p{L}\p{M}\p{N}_'’\-]+"),
            cjk: compile(r"[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]+"),
            letters: compile(r"\p{L}+"),
            digits: compile(r"\p{N}+"),
            url: compile(&url),
            url_domain: compile(URL_DOMAIN),
            word_char: compile(r"^\w$"),
            bullet: compile(r"^\s*(?:[•·▪►◦‣∙■□*+\-–—>»]|\d{1,3}[.)]|\[\d+\])\s+"),
            separator: compile(r"\s[|»>/·•]\s|\s[-–—]\s"),
            upper_start: compile(r"(?:^|[^\p{L}\p{M}\p{N}])\p{Lu}"),
            full_stops: ".!?…".chars().chain(script_full_stops.chars()).collect(),
            cjk_stop: None,
        }
    }

    /// The one-character function words of Chinese and Japanese (features.cjk_stopchars), given
    /// when first needed: loading them costs Python 0.1 s, which most runs never need.
    pub fn set_cjk_stop(&mut self, chars: &str) {
        self.cjk_stop = Some(chars.chars().collect());
    }

    pub fn shape(&self, line: &str) -> Shape {
        let stripped = line.trim_matches(py_isspace);
        let chars = stripped.chars().count();
        let tokens = self.word.find_iter(stripped).count();
        let cjk = count_chars(&self.cjk, stripped);
        let words = if cjk > 0 {
            tokens.max((cjk as f64 / 1.5).round() as usize)
        } else {
            tokens
        };
        let letters = count_chars(&self.letters, stripped);
        let digits = count_chars(&self.digits, stripped);
        let nonspace = match chars - stripped.matches(' ').count() {
            0 => 1,
            n => n,
        };
        let url_chars = if URL_MARKS.iter().any(|m| stripped.contains(m)) {
            self.url_chars(stripped)
        } else {
            0
        };
        let cjk_mode = cjk * 2 > tokens;
        Shape {
            chars,
            words,
            terminal: ends_with_closed(stripped, |c| self.full_stops.contains(&c)),
            bullet: self.bullet.is_match(line),
            url_share: share(url_chars, chars),
            digit_share: share(digits, letters + digits),
            letter_share: letters as f64 / nonspace as f64,
            separators: self.separator.find_iter(stripped).count(),
            indent: line.chars().take_while(|&c| py_isspace(c)).count(),
            stop_share: if cjk_mode {
                self.cjk_stop_share(stripped, cjk)
            } else {
                Some(0.0)
            },
            clauses: stripped
                .chars()
                .filter(|c| CLAUSE_MARKS.contains(c))
                .count(),
            upper_share: share(self.upper_start.find_iter(stripped).count(), tokens),
            colon_end: stripped.ends_with([':', '：']),
            truncated: ends_with_ellipsis(stripped),
            cjk_mode,
        }
    }

    fn cjk_stop_share(&self, stripped: &str, cjk: usize) -> Option<f64> {
        let stop = self.cjk_stop.as_ref()?;
        let hits: usize = self
            .cjk
            .find_iter(stripped)
            .map(|m| m.as_str().chars().filter(|c| stop.contains(c)).count())
            .sum();
        Some(hits as f64 / cjk as f64)
    }

    /// Characters in URL matches, as Python's `_URL.findall` finds them: its `(?<!\w)@\w{2,}`
    /// alternative is matched without the look-behind, and where a word character precedes it,
    /// the alternatives after it (only the bare domain) are tried at the same place instead.
    fn url_chars(&self, text: &str) -> usize {
        let mut total = 0;
        let mut at = 0;
        while let Some(caps) = self.url.captures_at(text, at) {
            let whole = caps.get(0).expect("group 0 is the match");
            let mut found = Some(whole);
            if caps.get(1).is_some() && self.follows_word_char(text, whole.start()) {
                found = self
                    .url_domain
                    .find_at(text, whole.start())
                    .filter(|m| m.start() == whole.start());
            }
            match found {
                Some(m) => {
                    total += m.as_str().chars().count();
                    at = m.end();
                }
                None => at = whole.start() + '@'.len_utf8(), // refused here: search on after the '@'
            }
        }
        total
    }

    fn follows_word_char(&self, text: &str, at: usize) -> bool {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| self.word_char.is_match(c.encode_utf8(&mut [0; 4])))
    }
}

/// A language's stoplist, casefolded (newsdump.features.stopwords).
pub struct Stoplist(HashSet<String>);

impl Stoplist {
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        Self(words.into_iter().collect())
    }
}

impl LineShaper {
    /// The share of the line's words in `stoplist`, for text that is not mostly unspaced (the
    /// caller checks `Shape::cjk_mode`: there the CJK share holds whatever the stoplist).
    pub fn stop_share(&self, line: &str, stoplist: &Stoplist) -> f64 {
        let (mut words, mut stop) = (0, 0);
        for word in self.word.find_iter(line.trim_matches(py_isspace)) {
            words += 1;
            stop += usize::from(stoplist.0.contains(casefold(word.as_str()).as_ref()));
        }
        share(stop, words)
    }
}

/// `str.casefold()` as CPython 3.11 folds (its Unicode 14.0 data).
pub fn casefold(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| fold_of(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match fold_of(c) {
            Some(f) => folded.push_str(f),
            None => folded.push(c),
        }
    }
    Cow::Owned(folded)
}

fn fold_of(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return c
            .is_ascii_uppercase()
            .then(|| FOLDS[(c as u8 - b'A') as usize].1);
    }
    FOLDS
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| FOLDS[i].1)
}

fn count_chars(pattern: &Regex, text: &str) -> usize {
    pattern
        .find_iter(text)
        .map(|m| m.as_str().chars().count())
        .sum()
}

/// `part / whole` as Python divides two ints, or 0.0 for an empty whole.
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The last character that is no closing quote or bracket passes `is_stop`.
fn ends_with_closed(text: &str, is_stop: impl Fn(char) -> bool) -> bool {
    text.trim_end_matches(CLOSERS)
        .chars()
        .next_back()
        .is_some_and(is_stop)
}

/// `(?:…|\.\.\.)['"”’»」』)\]]*$`: an ellipsis before the closing marks (a teaser cut short,
/// "… wie der Inselstaat die…", not a sentence).
fn ends_with_ellipsis(text: &str) -> bool {
    let body = text.trim_end_matches(CLOSERS);
    body.ends_with('…') || body.ends_with("...")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaper() -> LineShaper {
        LineShaper::new("。！？؟")
    }

    #[test]
    fn information_separators_are_stripped_as_python_strips_them() {
        let s = shaper().shape("\u{1c}\u{1f} It rained. \u{1e}");
        assert_eq!((s.chars, s.indent, s.terminal), (10, 3, true));
    }

    #[test]
    fn a_handle_after_a_word_character_is_no_handle() {
        let sh = shaper();
        assert_eq!(sh.url_chars("follow @newsdesk"), 9);
        assert_eq!(sh.url_chars("mail x@yz now"), 0);
        assert_eq!(sh.url_chars("ab@cd.com"), 9);
    }

    #[test]
    fn casefold_is_pythons_not_lowercase() {
        assert_eq!(casefold("Straße"), "strasse");
        assert_eq!(casefold("ΤΕΛΟΣ τέλος"), "τελοσ τέλοσ");
        assert_eq!(casefold("ﬁnal İ µ"), "final i\u{307} μ");
        assert!(matches!(casefold("plain words"), Cow::Borrowed(_)));
        // fold_of's ASCII shortcut: the table opens with A..Z
        assert!(FOLDS[..26].iter().zip('A'..='Z').all(|(&(k, _), c)| k == c));
    }

    #[test]
    fn stop_share_counts_folded_words() {
        let stop = Stoplist::new(["the".to_string(), "strasse".to_string()]);
        assert_eq!(
            shaper().stop_share("  The STRASSE is Straße long ", &stop),
            0.6
        );
    }

    #[test]
    fn capitals_count_only_at_a_word_start() {
        let s = shaper().shape("Home News McDonald");
        assert_eq!(s.upper_share, 1.0);
    }

    #[test]
    fn unspaced_text_needs_its_stop_characters() {
        let mut sh = shaper();
        assert_eq!(sh.shape("他说这是").stop_share, None);
        sh.set_cjk_stop("是的");
        assert_eq!(sh.shape("他说这是").stop_share, Some(0.25));
    }
}
