/* Boosted-tree ensemble evaluation in C: the same arithmetic as trees.py's pure-Python walk.
 *
 * The ensemble comes flat (trees.flatten): node i sends x to left[i] when
 * x[feature[i]] <= threshold[i], else to right[i]; a child (or root) c >= 0 is a node, c < 0 is
 * leaf ~c. The score is the leaves summed in tree order, in doubles, so it is bit-identical to
 * the Python function. Built as an optional extension: where it does not compile, trees.py
 * falls back to Python.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

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
    .tp_name = "newsdump._trees.Ensemble",
    .tp_doc = PyDoc_STR("Ensemble(feature, threshold, left, right, leaf, roots)(x) -> sum of leaves"),
    .tp_basicsize = sizeof(Ensemble),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Ensemble_init,
    .tp_dealloc = (destructor)Ensemble_dealloc,
    .tp_call = (ternaryfunc)Ensemble_call,
};

static struct PyModuleDef trees_module = {
    PyModuleDef_HEAD_INIT, "newsdump._trees", "Boosted-tree ensembles evaluated in C.", -1, NULL,
};

PyMODINIT_FUNC PyInit__trees(void) {
    if (PyType_Ready(&EnsembleType) < 0) return NULL;
    PyObject *module = PyModule_Create(&trees_module);
    if (module == NULL) return NULL;
    Py_INCREF(&EnsembleType);
    if (PyModule_AddObject(module, "Ensemble", (PyObject *)&EnsembleType) < 0) {
        Py_DECREF(&EnsembleType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
