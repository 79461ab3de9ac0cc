//! Boosted trees shipped as data, flattened by `newsdump.trees.flatten`.
//!
//! Node `i` sends `x` to `left[i]` when `x[feature[i]] <= threshold[i]`, else to `right[i]`; a child
//! (or root) `c >= 0` is a node, `c < 0` is leaf `!c`. The score is the leaves summed in tree order,
//! in `f64`, so it is bit-identical to Python's `sum` over the walked trees.

use std::fmt;

/// Why a set of arrays is no ensemble (the message ends up in a Python `ValueError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeError {
    Ragged,
    BadNode(usize),
    BadRoot(usize),
    ShortRow { given: usize, read: usize },
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ragged => write!(f, "feature, threshold, left and right differ in length"),
            Self::BadNode(i) => write!(f, "node {i} has a bad feature or child"),
            Self::BadRoot(t) => write!(f, "tree {t} has a bad root"),
            Self::ShortRow { given, read } => {
                write!(f, "Ensemble: x has {given} values, the trees read {read}")
            }
        }
    }
}

impl std::error::Error for TreeError {}

/// A validated ensemble: every walk ends (children point forward or at an existing leaf).
#[derive(Debug, Clone)]
pub struct Ensemble {
    feature: Vec<usize>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    leaf: Vec<f64>,
    roots: Vec<i32>,
    n_features: usize,
}

/// The arrays of `newsdump.trees.flatten`, in its order.
pub struct Flat {
    pub feature: Vec<i32>,
    pub threshold: Vec<f64>,
    pub left: Vec<i32>,
    pub right: Vec<i32>,
    pub leaf: Vec<f64>,
    pub roots: Vec<i32>,
}

impl Ensemble {
    pub fn new(flat: Flat) -> Result<Self, TreeError> {
        let n_nodes = flat.feature.len();
        if flat.threshold.len() != n_nodes
            || flat.left.len() != n_nodes
            || flat.right.len() != n_nodes
        {
            return Err(TreeError::Ragged);
        }
        let n_leaves = flat.leaf.len();
        // A child must be a later node (no cycles) or an existing leaf.
        let valid = |child: i32, from: Option<usize>| match usize::try_from(child) {
            Ok(node) => from.is_none_or(|f| node > f) && node < n_nodes,
            Err(_) => (!child as usize) < n_leaves,
        };
        let mut feature = Vec::with_capacity(n_nodes);
        for i in 0..n_nodes {
            let f = usize::try_from(flat.feature[i]).map_err(|_| TreeError::BadNode(i))?;
            if !valid(flat.left[i], Some(i)) || !valid(flat.right[i], Some(i)) {
                return Err(TreeError::BadNode(i));
            }
            feature.push(f);
        }
        if let Some(t) = flat.roots.iter().position(|&r| !valid(r, None)) {
            return Err(TreeError::BadRoot(t));
        }
        let n_features = feature.iter().map(|&f| f + 1).max().unwrap_or(0);
        Ok(Self {
            feature,
            threshold: flat.threshold,
            left: flat.left,
            right: flat.right,
            leaf: flat.leaf,
            roots: flat.roots,
            n_features,
        })
    }

    /// How many values a row needs (the highest feature read, plus one).
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// The sum of the trees' leaves for `x`, in tree order (NaN fails every test: it goes right).
    pub fn score(&self, x: &[f64]) -> Result<f64, TreeError> {
        if x.len() < self.n_features {
            return Err(TreeError::ShortRow {
                given: x.len(),
                read: self.n_features,
            });
        }
        let mut sum = 0.0;
        for &root in &self.roots {
            let mut node = root;
            while node >= 0 {
                let i = node as usize;
                node = if x[self.feature[i]] <= self.threshold[i] {
                    self.left[i]
                } else {
                    self.right[i]
                };
            }
            sum += self.leaf[!node as usize];
        }
        Ok(sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[0, 1.5, -1.0, 2.0]` then a constant 0.25: the first tree's leaves are 0 and 1.
    fn stump_and_constant() -> Ensemble {
        Ensemble::new(Flat {
            feature: vec![0],
            threshold: vec![1.5],
            left: vec![!0],
            right: vec![!1],
            leaf: vec![-1.0, 2.0, 0.25],
            roots: vec![0, !2],
        })
        .unwrap()
    }

    #[test]
    fn equal_values_go_left_and_nan_goes_right() {
        let e = stump_and_constant();
        assert_eq!(e.score(&[1.5]).unwrap(), -0.75);
        assert_eq!(e.score(&[1.5000001]).unwrap(), 2.25);
        assert_eq!(e.score(&[f64::NAN]).unwrap(), 2.25);
    }

    #[test]
    fn a_short_row_is_refused() {
        assert_eq!(
            stump_and_constant().score(&[]),
            Err(TreeError::ShortRow { given: 0, read: 1 })
        );
    }

    #[test]
    fn a_node_pointing_back_is_refused() {
        let flat = Flat {
            feature: vec![0],
            threshold: vec![0.0],
            left: vec![0],
            right: vec![!0],
            leaf: vec![1.0],
            roots: vec![0],
        };
        assert_eq!(Ensemble::new(flat).unwrap_err(), TreeError::BadNode(0));
    }
}
