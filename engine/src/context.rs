//! The boilerplate model's inputs (newsdump/features.py's `line_vectors`): each content line's own
//! features, then its context (blank neighbours, place in the dump, distance to the nearest prose,
//! its prose run's and window's share), then its neighbours' main features.
//!
//! Floats as Python computes them: `log1p` is libm's in both, divisions are of integers converted
//! to `f64` once, and no sum is reordered, so every vector is bit-identical to the Python one.

/// What `own_vector` reads of one content line (a `LineFeatures`, its cue and its repetition).
#[derive(Debug, Clone, Default)]
pub struct LineInputs {
    pub chars: usize,
    pub words: usize,
    pub terminal: bool,
    pub bullet: bool,
    pub url_share: f64,
    pub digit_share: f64,
    pub letter_share: f64,
    pub separators: usize,
    pub indent: usize,
    pub stop_share: f64,
    pub clauses: usize,
    pub upper_share: f64,
    pub colon_end: bool,
    pub truncated: bool,
    pub cue: bool,
    pub repeated: bool,
}

const PROSE_WORDS: usize = 12; // with terminal punctuation: prose for the context features
const LONG_WORDS: usize = 30; // prose even without terminal punctuation
const FAR: usize = 30; // distances are capped: farther prose says nothing more
const RUN_GAP: usize = 3; // a prose run bridges this many other lines
const WINDOW: usize = 5; // content lines each side for the window's prose share
const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];
const NEIGHBOUR_FIELDS: [usize; 5] = [1, 7, 14, 8, 19]; // log_words, terminal, stop_share, bullet, cue

fn flag(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

pub fn is_prose(f: &LineInputs) -> bool {
    f.words >= LONG_WORDS || (f.words >= PROSE_WORDS && f.terminal)
}

/// `own_vector`: the line's own features, in FEATURE_NAMES order (OWN).
pub fn own_vector(f: &LineInputs, has_stoplist: bool) -> Vec<f64> {
    let w = f.words;
    vec![
        1.0,
        (w as f64).ln_1p(),
        (f.chars as f64).ln_1p(),
        flag(w <= 3),
        flag((4..=9).contains(&w)),
        flag((10..=19).contains(&w)),
        flag(w >= 20),
        flag(f.terminal),
        flag(f.bullet),
        f.url_share,
        f.digit_share,
        f.letter_share,
        f.separators.min(3) as f64,
        (f.indent as f64).ln_1p(),
        f.stop_share,
        flag(!has_stoplist && f.stop_share == 0.0),
        (f.clauses as f64 / w.max(1) as f64).min(1.0),
        f.upper_share,
        flag(f.colon_end),
        flag(f.cue),
        flag(f.repeated),
        flag(f.truncated),
    ]
}

/// The dump: how many lines it has, which are content (indices into its lines), and whether the
/// line before and after each content line is blank.
pub struct Dump<'a> {
    pub n_lines: usize,
    pub content: &'a [usize],
    pub blank_before: &'a [bool],
    pub blank_after: &'a [bool],
}

/// One vector per content line: own, context, neighbours (FEATURE_NAMES order).
pub fn line_vectors(dump: &Dump<'_>, feats: &[LineInputs], has_stoplist: bool) -> Vec<Vec<f64>> {
    let m = feats.len();
    let own: Vec<Vec<f64>> = feats.iter().map(|f| own_vector(f, has_stoplist)).collect();
    let prose: Vec<bool> = feats.iter().map(is_prose).collect();
    let chars: Vec<usize> = feats.iter().map(|f| f.chars).collect();
    let (before, after) = prose_distances(&prose);
    let run_share = run_shares(&prose, &chars, RUN_GAP);
    let window = window_shares(&prose, &chars, WINDOW);
    let longest = match chars.iter().copied().max().unwrap_or(1) {
        0 => 1,
        c => c,
    };
    // Dump-level shape: a short dump that is mostly prose (a scraped article) is mostly body.
    let log_lines = (m as f64).ln_1p();
    let prose_chars: usize = chars
        .iter()
        .zip(&prose)
        .filter(|(_, &p)| p)
        .map(|(c, _)| c)
        .sum();
    let dump_prose = prose_chars as f64 / nonzero(chars.iter().sum()) as f64;
    let mut out = Vec::with_capacity(m);
    for (k, &i) in dump.content.iter().enumerate() {
        let pos = i as f64 / dump.n_lines.saturating_sub(1).max(1) as f64;
        let mut row = own[k].clone();
        row.extend([
            flag(dump.blank_before[k]),
            flag(dump.blank_after[k]),
            pos,
            pos * pos,
            (before[k] as f64).ln_1p(),
            (after[k] as f64).ln_1p(),
            flag(before[k] <= 3 && after[k] <= 3),
            run_share[k],
            window[k],
            chars[k] as f64 / longest as f64,
            log_lines,
            dump_prose,
            flag(before[k] > FAR),
            flag(after[k] > FAR),
            flag(prose[k]) * feats[k].stop_share,
        ]);
        for d in NEIGHBOURS {
            match k.checked_add_signed(d).filter(|&j| j < m) {
                Some(j) => row.extend(NEIGHBOUR_FIELDS.iter().map(|&f| own[j][f])),
                None => row.extend([0.0; 5]),
            }
        }
        out.push(row);
    }
    out
}

fn nonzero(x: usize) -> usize {
    if x == 0 {
        1
    } else {
        x
    }
}

/// Content lines back to the previous prose line and on to the next one (capped at FAR;
/// FAR + 1: none).
fn prose_distances(prose: &[bool]) -> (Vec<usize>, Vec<usize>) {
    let m = prose.len();
    let (mut before, mut after) = (vec![FAR + 1; m], vec![FAR + 1; m]);
    let mut last: Option<usize> = None;
    for k in 0..m {
        if let Some(l) = last {
            before[k] = (k - l).min(FAR);
        }
        if prose[k] {
            last = Some(k);
        }
    }
    last = None;
    for k in (0..m).rev() {
        if let Some(l) = last {
            after[k] = (l - k).min(FAR);
        }
        if prose[k] {
            last = Some(k);
        }
    }
    (before, after)
}

/// Each run of prose lines (bridging up to `gap` others) carries its share of the prose
/// characters to its lines and `gap` lines around them; the first run reaches the top.
fn run_shares(prose: &[bool], chars: &[usize], gap: usize) -> Vec<f64> {
    let total = nonzero(
        chars
            .iter()
            .zip(prose)
            .filter(|(_, &p)| p)
            .map(|(c, _)| c)
            .sum(),
    );
    let mut shares = vec![0.0; prose.len()];
    let marks: Vec<usize> = (0..prose.len()).filter(|&k| prose[k]).collect();
    let mut start = 0;
    while start < marks.len() {
        let mut end = start;
        while end + 1 < marks.len() && marks[end + 1] - marks[end] <= gap + 1 {
            end += 1;
        }
        let run: usize = marks[start..=end].iter().map(|&j| chars[j]).sum();
        let share = run as f64 / total as f64;
        let lo = if start == 0 {
            0
        } else {
            marks[start].saturating_sub(gap)
        };
        for s in &mut shares[lo..(marks[end] + gap + 1).min(prose.len())] {
            *s = f64::max(*s, share);
        }
        start = end + 1;
    }
    shares
}

/// Share of the characters within `radius` content lines that are in prose lines.
fn window_shares(prose: &[bool], chars: &[usize], radius: usize) -> Vec<f64> {
    let m = chars.len();
    let (mut all, mut in_prose) = (vec![0usize; m + 1], vec![0usize; m + 1]);
    for k in 0..m {
        all[k + 1] = all[k] + chars[k];
        in_prose[k + 1] = in_prose[k] + if prose[k] { chars[k] } else { 0 };
    }
    (0..m)
        .map(|k| {
            let (lo, hi) = (k.saturating_sub(radius), (k + radius + 1).min(m));
            (in_prose[hi] - in_prose[lo]) as f64 / nonzero(all[hi] - all[lo]) as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_capped_and_none_is_far_plus_one() {
        let (before, after) = prose_distances(&[false, true, false, false]);
        assert_eq!(before, vec![FAR + 1, FAR + 1, 1, 2]);
        assert_eq!(after, vec![1, FAR + 1, FAR + 1, FAR + 1]);
    }

    #[test]
    fn the_first_run_reaches_the_top() {
        let shares = run_shares(
            &[false, false, false, false, false, true],
            &[1, 1, 1, 1, 1, 10],
            3,
        );
        assert_eq!(shares, vec![1.0; 6]);
    }
}
