//! `newsdump._engine`: the PyO3 layer over the `newsdump-engine` crate, kept thin: argument
//! conversion and errors only, no pipeline logic (that lives in engine/, testable without Python).

use newsdump_engine::{features, langid, trees};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// `Ensemble(feature, threshold, left, right, leaf, roots)(x) -> sum of leaves` (newsdump/trees.py).
#[pyclass(frozen, module = "newsdump._engine")]
struct Ensemble(trees::Ensemble);

#[pymethods]
impl Ensemble {
    /// Sequences (newsdump passes `array`s); read once at load, so copied, not borrowed.
    #[new]
    fn new(
        feature: Vec<i32>,
        threshold: Vec<f64>,
        left: Vec<i32>,
        right: Vec<i32>,
        leaf: Vec<f64>,
        roots: Vec<i32>,
    ) -> PyResult<Self> {
        let flat = trees::Flat {
            feature,
            threshold,
            left,
            right,
            leaf,
            roots,
        };
        trees::Ensemble::new(flat)
            .map(Self)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn __call__(&self, x: Vec<f64>) -> PyResult<f64> {
        self.0
            .score(&x)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// `Dfa(nextmove, rowbase, output)(utf8_bytes) -> {feature: count} or None` (newsdump/langid.py).
#[pyclass(module = "newsdump._engine")]
struct Dfa {
    dfa: langid::Dfa,
    // The caller's table (newsdump maps it from the user cache: shared pages), held, not copied.
    nextmove: PyBuffer<u32>,
    counts: Vec<u32>, // scratch, zero between calls
}

#[pymethods]
impl Dfa {
    #[new]
    fn new(nextmove: &Bound<'_, PyAny>, rowbase: Vec<usize>, output: Vec<i64>) -> PyResult<Self> {
        let nextmove = PyBuffer::<u32>::get(nextmove).map_err(|_| {
            PyTypeError::new_err("nextmove: expected a buffer of unsigned 32-bit integers")
        })?;
        if !nextmove.is_c_contiguous() {
            return Err(PyTypeError::new_err(
                "nextmove: expected a contiguous buffer",
            ));
        }
        let dfa = langid::Dfa::new(rowbase, &output, nextmove.item_count())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let counts = vec![0; dfa.n_features()];
        Ok(Self {
            dfa,
            nextmove,
            counts,
        })
    }

    fn __call__<'py>(
        &mut self,
        py: Python<'py>,
        text: &[u8],
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        // SAFETY: the buffer is C-contiguous (checked in `new`), of `item_count` u32s, and held by
        // `self` for as long as the slice lives; newsdump's tables are read-only mappings.
        let moves = unsafe {
            std::slice::from_raw_parts(
                self.nextmove.buf_ptr() as *const u32,
                self.nextmove.item_count(),
            )
        };
        let visits = self
            .dfa
            .count(moves, text, &mut self.counts)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        if visits.is_empty() {
            return Ok(None);
        }
        let dict = PyDict::new(py);
        for (feature, count) in visits {
            dict.set_item(feature, count)?;
        }
        Ok(Some(dict))
    }
}

/// `LineShaper(script_full_stops)(line)`: `LineFeatures`' fields in order, then `cjk_mode`
/// (newsdump/features.py). `stop_share` is None until `set_cjk_stop` gave the CJK stop characters
/// and the line needs them.
#[pyclass(module = "newsdump._engine")]
struct LineShaper(features::LineShaper);

#[pymethods]
impl LineShaper {
    #[new]
    fn new(script_full_stops: &str) -> Self {
        Self(features::LineShaper::new(script_full_stops))
    }

    fn set_cjk_stop(&mut self, chars: &str) {
        self.0.set_cjk_stop(chars);
    }

    /// The share of the line's words in `stoplist` (for text not in CJK mode).
    fn stop_share(&self, line: &str, stoplist: PyRef<'_, Stoplist>) -> f64 {
        self.0.stop_share(line, &stoplist.0)
    }

    fn __call__<'py>(&self, py: Python<'py>, line: &str) -> PyResult<Bound<'py, PyTuple>> {
        let s = self.0.shape(line);
        let fields: [Bound<'py, PyAny>; 15] = [
            s.chars.into_pyobject(py)?.into_any(),
            s.words.into_pyobject(py)?.into_any(),
            s.terminal.into_pyobject(py)?.to_owned().into_any(),
            s.bullet.into_pyobject(py)?.to_owned().into_any(),
            s.url_share.into_pyobject(py)?.into_any(),
            s.digit_share.into_pyobject(py)?.into_any(),
            s.letter_share.into_pyobject(py)?.into_any(),
            s.separators.into_pyobject(py)?.into_any(),
            s.indent.into_pyobject(py)?.into_any(),
            s.stop_share.into_pyobject(py)?.into_any(),
            s.clauses.into_pyobject(py)?.into_any(),
            s.upper_share.into_pyobject(py)?.into_any(),
            s.colon_end.into_pyobject(py)?.to_owned().into_any(),
            s.truncated.into_pyobject(py)?.to_owned().into_any(),
            s.cjk_mode.into_pyobject(py)?.to_owned().into_any(),
        ];
        PyTuple::new(py, fields)
    }
}

/// `Stoplist(words)`: a language's casefolded stoplist, for `LineShaper.stop_share`.
#[pyclass(frozen, module = "newsdump._engine")]
struct Stoplist(features::Stoplist);

#[pymethods]
impl Stoplist {
    #[new]
    fn new(words: Vec<String>) -> Self {
        Self(features::Stoplist::new(words))
    }
}

#[pymodule]
fn _engine(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Ensemble>()?;
    m.add_class::<Dfa>()?;
    m.add_class::<LineShaper>()?;
    m.add_class::<Stoplist>()?;
    Ok(())
}
