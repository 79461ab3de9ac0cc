//! `newsdump._engine`: the PyO3 layer over the `newsdump-engine` crate, kept thin: argument
//! conversion and errors only, no pipeline logic (that lives in engine/, testable without Python).

use newsdump_engine::{context, features, langid, trees};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

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

/// `line_vectors(lines, content, feats, cues, repeated, has_stoplist)`: the boilerplate model's
/// input rows (newsdump/features.py's `line_vectors`; `feats` are `LineFeatures`).
#[pyfunction]
fn line_vectors<'py>(
    py: Python<'py>,
    lines: &Bound<'py, PyAny>,
    content: Vec<usize>,
    feats: Vec<Bound<'py, PyAny>>,
    cues: Vec<bool>,
    repeated: Vec<bool>,
    has_stoplist: bool,
) -> PyResult<Bound<'py, PyList>> {
    if feats.len() != content.len()
        || cues.len() != content.len()
        || repeated.len() != content.len()
    {
        return Err(PyValueError::new_err(
            "content, feats, cues and repeated differ in length",
        ));
    }
    let n_lines = lines.len()?;
    let blank = |i: Option<usize>| -> PyResult<bool> {
        match i.filter(|&i| i < n_lines) {
            Some(i) => is_blank(&lines.get_item(i)?),
            None => Ok(false),
        }
    };
    let mut inputs = Vec::with_capacity(content.len());
    let (mut before, mut after) = (
        Vec::with_capacity(content.len()),
        Vec::with_capacity(content.len()),
    );
    for (k, &i) in content.iter().enumerate() {
        inputs.push(line_inputs(py, &feats[k], cues[k], repeated[k])?);
        before.push(blank(i.checked_sub(1))?);
        after.push(blank(Some(i + 1))?);
    }
    let dump = context::Dump {
        n_lines,
        content: &content,
        blank_before: &before,
        blank_after: &after,
    };
    PyList::new(py, context::line_vectors(&dump, &inputs, has_stoplist))
}

/// `not line.strip()`; a line Rust cannot read (a lone surrogate) is not blank: it holds that.
fn is_blank(line: &Bound<'_, PyAny>) -> PyResult<bool> {
    let line = line.cast::<PyString>()?;
    Ok(line
        .to_str()
        .is_ok_and(|s| s.chars().all(features::py_isspace)))
}

fn line_inputs<'py>(
    py: Python<'py>,
    f: &Bound<'py, PyAny>,
    cue: bool,
    repeated: bool,
) -> PyResult<context::LineInputs> {
    let get = |name: &Bound<'py, PyString>| f.getattr(name);
    Ok(context::LineInputs {
        chars: get(intern!(py, "chars"))?.extract()?,
        words: get(intern!(py, "words"))?.extract()?,
        terminal: get(intern!(py, "terminal"))?.extract()?,
        bullet: get(intern!(py, "bullet"))?.extract()?,
        url_share: get(intern!(py, "url_share"))?.extract()?,
        digit_share: get(intern!(py, "digit_share"))?.extract()?,
        letter_share: get(intern!(py, "letter_share"))?.extract()?,
        separators: get(intern!(py, "separators"))?.extract()?,
        indent: get(intern!(py, "indent"))?.extract()?,
        stop_share: get(intern!(py, "stop_share"))?.extract()?,
        clauses: get(intern!(py, "clauses"))?.extract()?,
        upper_share: get(intern!(py, "upper_share"))?.extract()?,
        colon_end: get(intern!(py, "colon_end"))?.extract()?,
        truncated: get(intern!(py, "truncated"))?.extract()?,
        cue,
        repeated,
    })
}

#[pymodule]
fn _engine(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Ensemble>()?;
    m.add_class::<Dfa>()?;
    m.add_class::<LineShaper>()?;
    m.add_class::<Stoplist>()?;
    m.add_function(wrap_pyfunction!(line_vectors, m)?)?;
    Ok(())
}
