//! newsdump's per-line work, compiled (issue 15). One module per stage of the Python pipeline it
//! replaces, each proved identical to its Python twin by the differential tests in `tests/`.
//!
//! - [`trees`]: boosted-tree evaluation (newsdump/trees.py, newsdump/segmenters/boilerplate.py)
//! - [`context`]: the boilerplate model's input vectors (newsdump/features.py)
//! - [`features`]: one line's shape (newsdump/features.py)
//! - [`langid`]: py3langid's byte automaton (newsdump/langid.py)

#[rustfmt::skip]
mod casefold;
pub mod context;
pub mod features;
pub mod langid;
pub mod trees;
