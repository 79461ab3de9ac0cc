//! py3langid's byte automaton: it walks a text's UTF-8 bytes and counts the model's n-gram features
//! it completes (py3langid's `visit_counts`, the loop most of a classification spends its time in).
//!
//! The transition table (`nextmove`, 40 MB) stays with the caller: newsdump maps it from the user
//! cache so that all workers share its pages; [`Dfa::count`] borrows it for one text.

use std::fmt;

/// A state's row or output does not fit the table, or the table leads to a state that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DfaError {
    BadState(usize),
    Nowhere { state: u32, n_states: usize },
}

impl fmt::Display for DfaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadState(s) => write!(f, "state {s} has a row or feature out of range"),
            Self::Nowhere { state, n_states } => {
                write!(f, "nextmove leads to state {state} of {n_states}")
            }
        }
    }
}

impl std::error::Error for DfaError {}

#[derive(Debug, Clone)]
pub struct Dfa {
    rowbase: Vec<usize>,      // state -> offset of its row of 256 moves in nextmove
    output: Vec<Option<u32>>, // state -> feature completed on entering it
    n_features: usize,
}

impl Dfa {
    /// `output[s] = -1` means no feature; every row must lie inside a table of `n_moves` entries.
    pub fn new(rowbase: Vec<usize>, output: &[i64], n_moves: usize) -> Result<Self, DfaError> {
        if rowbase.len() != output.len() {
            return Err(DfaError::BadState(rowbase.len().min(output.len())));
        }
        let mut outs = Vec::with_capacity(output.len());
        for (s, (&base, &feature)) in rowbase.iter().zip(output).enumerate() {
            if base.checked_add(256).is_none_or(|end| end > n_moves)
                || !(-1..i64::from(i32::MAX)).contains(&feature)
            {
                return Err(DfaError::BadState(s));
            }
            outs.push(u32::try_from(feature).ok());
        }
        let n_features = outs
            .iter()
            .flatten()
            .map(|&f| f as usize + 1)
            .max()
            .unwrap_or(0);
        Ok(Self {
            rowbase,
            output: outs,
            n_features,
        })
    }

    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// The features `text` completes with their counts, in order of first visit (the order
    /// `collections.Counter` keeps, which py3langid's scores sum in). `counts` is scratch of
    /// `n_features()` zeros, left zeroed.
    pub fn count(
        &self,
        nextmove: &[u32],
        text: &[u8],
        counts: &mut [u32],
    ) -> Result<Vec<(u32, u32)>, DfaError> {
        let mut order: Vec<u32> = Vec::new();
        let mut state = 0u32;
        let mut nowhere = false;
        for &byte in text {
            // Checked here, not at load: that would read all of the mapped table.
            state = match nextmove.get(self.rowbase[state as usize] + usize::from(byte)) {
                Some(&next) if (next as usize) < self.output.len() => next,
                Some(&next) => {
                    state = next;
                    nowhere = true;
                    break;
                }
                None => unreachable!("rows are checked against the table's length"),
            };
            if let Some(feature) = self.output[state as usize] {
                let c = &mut counts[feature as usize];
                if *c == 0 {
                    order.push(feature);
                }
                *c += 1;
            }
        }
        let visits = order
            .iter()
            .map(|&f| (f, std::mem::take(&mut counts[f as usize])))
            .collect();
        if nowhere {
            return Err(DfaError::Nowhere {
                state,
                n_states: self.output.len(),
            });
        }
        Ok(visits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two states: byte `a` moves to state 1 (feature 0), anything else back to state 0.
    fn table() -> (Dfa, Vec<u32>) {
        let mut moves = vec![0u32; 512];
        moves[usize::from(b'a')] = 1;
        moves[256 + usize::from(b'a')] = 1;
        (
            Dfa::new(vec![0, 256], &[-1, 0], moves.len()).unwrap(),
            moves,
        )
    }

    #[test]
    fn counts_come_in_order_of_first_visit_and_scratch_is_left_zeroed() {
        let (dfa, moves) = table();
        let mut scratch = vec![0; dfa.n_features()];
        assert_eq!(
            dfa.count(&moves, b"xaaba", &mut scratch).unwrap(),
            vec![(0, 3)]
        );
        assert_eq!(dfa.count(&moves, b"", &mut scratch).unwrap(), vec![]);
        assert!(scratch.iter().all(|&c| c == 0));
    }

    #[test]
    fn a_row_past_the_table_is_refused() {
        assert_eq!(
            Dfa::new(vec![0], &[-1], 255).unwrap_err(),
            DfaError::BadState(0)
        );
    }

    #[test]
    fn a_move_to_no_state_is_an_error() {
        let mut moves = vec![0u32; 256];
        moves[usize::from(b'a')] = 5;
        let dfa = Dfa::new(vec![0], &[-1], 256).unwrap();
        let mut scratch = vec![];
        assert!(dfa.count(&moves, b"bcd", &mut scratch).unwrap().is_empty());
        assert_eq!(
            dfa.count(&moves, b"abc", &mut scratch).unwrap_err(),
            DfaError::Nowhere {
                state: 5,
                n_states: 1
            }
        );
    }
}
