/* The two inner loops of newsdump that Python runs slowest, in C, with the same results.
 *
 * Ensemble: boosted trees (trees.py). The ensemble comes flat (trees.flatten): node i sends x to
 * left[i] when x[feature[i]] <= threshold[i], else to right[i]; a child (or root) c >= 0 is a node,
 * c < 0 is leaf ~c. The score is the leaves summed in tree order, in doubles, so it is
 * bit-identical to the Python function.
 *
 * Dfa: py3langid's byte automaton (langid.py), which counts the model's n-gram features of a text.
 *
 * Built as an optional extension: where it does not compile, newsdump runs the Python versions.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- Ensemble ------------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t n_nodes, n_leaves, n_trees, n_features;
    int32_t *feature, *left, *right, *roots;
    double *threshold, *leaf;
} Ensemble;

static void *copy_buffer(PyObject *obj, const char *format, Py_ssize_t itemsize, Py_ssize_t *count,
                         const char *name) {
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) return NULL;
    if (view.itemsize != itemsize || view.format == NULL || strcmp(view.format, format) != 0) {
        PyErr_Format(PyExc_TypeError, "%s: expected an array of type '%s'", name, format);
        PyBuffer_Release(&view);
        return NULL;
    }
    *count = view.len / itemsize;
    void *copy = PyMem_Malloc(view.len > 0 ? view.len : 1);
    if (copy == NULL) {
        PyBuffer_Release(&view);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(copy, view.buf, view.len);
    PyBuffer_Release(&view);
    return copy;
}

static void Ensemble_dealloc(Ensemble *self) {
    PyMem_Free(self->feature);
    PyMem_Free(self->left);
    PyMem_Free(self->right);
    PyMem_Free(self->roots);
    PyMem_Free(self->threshold);
    PyMem_Free(self->leaf);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* A child must be a later node or an existing leaf: walks then always end. */
static int valid_child(int32_t child, Py_ssize_t from, Py_ssize_t n_nodes, Py_ssize_t n_leaves) {
    return child >= 0 ? (child > from && child < n_nodes) : ((Py_ssize_t)~child < n_leaves);
}

static int Ensemble_init(Ensemble *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"feature", "threshold", "left", "right", "leaf", "roots", NULL};
    PyObject *feature, *threshold, *left, *right, *leaf, *roots;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOOOO", kwlist, &feature, &threshold, &left,
                                     &right, &leaf, &roots))
        return -1;
    if (self->feature != NULL) {
        PyErr_SetString(PyExc_TypeError, "Ensemble is already initialized");
        return -1;
    }
    Py_ssize_t n_threshold, n_left, n_right;
    self->feature = copy_buffer(feature, "i", 4, &self->n_nodes, "feature");
    self->threshold = self->feature ? copy_buffer(threshold, "d", 8, &n_threshold, "threshold") : NULL;
    self->left = self->threshold ? copy_buffer(left, "i", 4, &n_left, "left") : NULL;
    self->right = self->left ? copy_buffer(right, "i", 4, &n_right, "right") : NULL;
    self->leaf = self->right ? copy_buffer(leaf, "d", 8, &self->n_leaves, "leaf") : NULL;
    self->roots = self->leaf ? copy_buffer(roots, "i", 4, &self->n_trees, "roots") : NULL;
    if (self->roots == NULL) return -1;
    if (n_threshold != self->n_nodes || n_left != self->n_nodes || n_right != self->n_nodes) {
        PyErr_SetString(PyExc_ValueError, "feature, threshold, left and right differ in length");
        return -1;
    }
    self->n_features = 0;
    for (Py_ssize_t i = 0; i < self->n_nodes; i++) {
        if (self->feature[i] < 0 || !valid_child(self->left[i], i, self->n_nodes, self->n_leaves) ||
            !valid_child(self->right[i], i, self->n_nodes, self->n_leaves)) {
            PyErr_Format(PyExc_ValueError, "node %zd has a bad feature or child", i);
            return -1;
        }
        if (self->feature[i] >= self->n_features) self->n_features = self->feature[i] + 1;
    }
    for (Py_ssize_t t = 0; t < self->n_trees; t++) {
        if (!valid_child(self->roots[t], -1, self->n_nodes, self->n_leaves)) {
            PyErr_Format(PyExc_ValueError, "tree %zd has a bad root", t);
            return -1;
        }
    }
    return 0;
}

static PyObject *Ensemble_call(Ensemble *self, PyObject *args, PyObject *kwds) {
    PyObject *row;
    if (self->roots == NULL) {
        PyErr_SetString(PyExc_TypeError, "Ensemble is not initialized");
        return NULL;
    }
    if (!PyArg_UnpackTuple(args, "Ensemble", 1, 1, &row)) return NULL;
    if (kwds != NULL && PyDict_GET_SIZE(kwds) > 0) {
        PyErr_SetString(PyExc_TypeError, "Ensemble takes no keyword arguments");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(row, "Ensemble: x must be a sequence of numbers");
    if (seq == NULL) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n < self->n_features) {
        Py_DECREF(seq);
        return PyErr_Format(PyExc_ValueError, "Ensemble: x has %zd values, the trees read %zd", n,
                            self->n_features);
    }
    double stack_x[256];
    double *x = n <= 256 ? stack_x : PyMem_Malloc(n * sizeof(double));
    if (x == NULL) {
        Py_DECREF(seq);
        return PyErr_NoMemory();
    }
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        x[i] = PyFloat_AsDouble(items[i]);
        if (x[i] == -1.0 && PyErr_Occurred()) {
            if (x != stack_x) PyMem_Free(x);
            Py_DECREF(seq);
            return NULL;
        }
    }
    Py_DECREF(seq);
    double s = 0.0;
    for (Py_ssize_t t = 0; t < self->n_trees; t++) {
        int32_t node = self->roots[t];
        while (node >= 0)
            node = x[self->feature[node]] <= self->threshold[node] ? self->left[node] : self->right[node];
        s += self->leaf[~node];
    }
    if (x != stack_x) PyMem_Free(x);
    return PyFloat_FromDouble(s);
}

static PyTypeObject EnsembleType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "newsdump._speedups.Ensemble",
    .tp_doc = PyDoc_STR("Ensemble(feature, threshold, left, right, leaf, roots)(x) -> sum of leaves"),
    .tp_basicsize = sizeof(Ensemble),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Ensemble_init,
    .tp_dealloc = (destructor)Ensemble_dealloc,
    .tp_call = (ternaryfunc)Ensemble_call,
};

/* ---- Dfa ------------------------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    Py_buffer nextmove;  /* uint32 per (row, byte); mapped by langid.py, shared between workers */
    Py_ssize_t n_states, n_features;
    Py_ssize_t *rowbase; /* state -> offset of its row in nextmove (row << 8) */
    int32_t *output;     /* state -> feature completed on entering it, or -1 */
    Py_ssize_t *counts;  /* scratch, one per feature, zero between calls */
    int32_t *order;      /* scratch: features in order of first visit */
} Dfa;

static void Dfa_dealloc(Dfa *self) {
    if (self->nextmove.obj != NULL) PyBuffer_Release(&self->nextmove);
    PyMem_Free(self->rowbase);
    PyMem_Free(self->output);
    PyMem_Free(self->counts);
    PyMem_Free(self->order);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int Dfa_init(Dfa *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"nextmove", "rowbase", "output", NULL};
    PyObject *nextmove, *rowbase, *output;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOO", kwlist, &nextmove, &rowbase, &output))
        return -1;
    if (self->nextmove.obj != NULL) {
        PyErr_SetString(PyExc_TypeError, "Dfa is already initialized");
        return -1;
    }
    if (PyObject_GetBuffer(nextmove, &self->nextmove, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) return -1;
    if (self->nextmove.itemsize != 4 || self->nextmove.format == NULL ||
        strchr("IL", self->nextmove.format[strlen(self->nextmove.format) - 1]) == NULL) {
        PyErr_SetString(PyExc_TypeError, "nextmove: expected a buffer of unsigned 32-bit integers");
        return -1;
    }
    Py_ssize_t n_moves = self->nextmove.len / 4;
    PyObject *rows = PySequence_Fast(rowbase, "rowbase must be a sequence");
    if (rows == NULL) return -1;
    PyObject *outs = PySequence_Fast(output, "output must be a sequence");
    if (outs == NULL) {
        Py_DECREF(rows);
        return -1;
    }
    int ok = 0;
    self->n_states = PySequence_Fast_GET_SIZE(outs);
    if (PySequence_Fast_GET_SIZE(rows) != self->n_states) {
        PyErr_SetString(PyExc_ValueError, "rowbase and output differ in length");
        goto done;
    }
    self->rowbase = PyMem_Malloc((self->n_states + 1) * sizeof(Py_ssize_t));
    self->output = PyMem_Malloc((self->n_states + 1) * sizeof(int32_t));
    if (self->rowbase == NULL || self->output == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    self->n_features = 0;
    for (Py_ssize_t s = 0; s < self->n_states; s++) {
        Py_ssize_t base = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(rows, s));
        long feature = PyLong_AsLong(PySequence_Fast_GET_ITEM(outs, s));
        if (PyErr_Occurred()) goto done;
        if (base < 0 || base + 256 > n_moves || feature < -1 || feature > INT32_MAX - 1) {
            PyErr_Format(PyExc_ValueError, "state %zd has a row or feature out of range", s);
            goto done;
        }
        self->rowbase[s] = base;
        self->output[s] = (int32_t)feature;
        if (feature >= self->n_features) self->n_features = feature + 1;
    }
    self->counts = PyMem_Calloc(self->n_features + 1, sizeof(Py_ssize_t));
    self->order = PyMem_Malloc((self->n_features + 1) * sizeof(int32_t));
    if (self->counts == NULL || self->order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    ok = 1;
done:
    Py_DECREF(rows);
    Py_DECREF(outs);
    return ok ? 0 : -1;
}

/* {feature: count} in order of first visit (as collections.Counter builds it), or None. */
static PyObject *Dfa_call(Dfa *self, PyObject *args, PyObject *kwds) {
    Py_buffer text;
    if (self->counts == NULL) {
        PyErr_SetString(PyExc_TypeError, "Dfa is not initialized");
        return NULL;
    }
    if (kwds != NULL && PyDict_GET_SIZE(kwds) > 0) {
        PyErr_SetString(PyExc_TypeError, "Dfa takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "y*:Dfa", &text)) return NULL;
    const unsigned char *bytes = text.buf;
    const uint32_t *moves = self->nextmove.buf;
    Py_ssize_t n_seen = 0;
    uint32_t state = 0;
    for (Py_ssize_t i = 0; i < text.len; i++) {
        state = moves[self->rowbase[state] + bytes[i]];
        if (state >= (uint32_t)self->n_states) break; /* a corrupt table (checked below, not at load:
                                                          that would read all of its 40 MB) */
        int32_t feature = self->output[state];
        if (feature >= 0 && self->counts[feature]++ == 0) self->order[n_seen++] = feature;
    }
    int corrupt = state >= (uint32_t)self->n_states;
    PyBuffer_Release(&text);
    if (corrupt) {
        for (Py_ssize_t k = 0; k < n_seen; k++) self->counts[self->order[k]] = 0;
        return PyErr_Format(PyExc_ValueError, "nextmove leads to state %u of %zd", state, self->n_states);
    }
    if (n_seen == 0) Py_RETURN_NONE;
    PyObject *visits = PyDict_New();
    for (Py_ssize_t k = 0; k < n_seen; k++) {
        int32_t feature = self->order[k];
        if (visits != NULL) {
            PyObject *key = PyLong_FromLong(feature), *value = PyLong_FromSsize_t(self->counts[feature]);
            if (key == NULL || value == NULL || PyDict_SetItem(visits, key, value) < 0) Py_CLEAR(visits);
            Py_XDECREF(key);
            Py_XDECREF(value);
        }
        self->counts[feature] = 0;  /* leave the scratch zeroed, even on error */
    }
    return visits;
}

static PyTypeObject DfaType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "newsdump._speedups.Dfa",
    .tp_doc = PyDoc_STR("Dfa(nextmove, rowbase, output)(utf8_bytes) -> {feature: count} or None"),
    .tp_basicsize = sizeof(Dfa),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Dfa_init,
    .tp_dealloc = (destructor)Dfa_dealloc,
    .tp_call = (ternaryfunc)Dfa_call,
};

/* ---- module ----------------------------------------------------------------------------------- */

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "newsdump._speedups",
    .m_doc = "newsdump's inner loops in C (optional).",
    .m_size = -1,
};

static int add_type(PyObject *module, PyTypeObject *type, const char *name) {
    if (PyType_Ready(type) < 0) return -1;
    Py_INCREF(type);
    if (PyModule_AddObject(module, name, (PyObject *)type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit__speedups(void) {
    PyObject *module = PyModule_Create(&speedups_module);
    if (module == NULL) return NULL;
    if (add_type(module, &EnsembleType, "Ensemble") < 0 || add_type(module, &DfaType, "Dfa") < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
