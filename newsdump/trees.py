"""Gradient-boosted decision trees shipped as data, evaluated in pure Python.

A tree is nested lists: an inner node is `[feature, threshold, left, right]` (go left when
`x[feature] <= threshold`), a leaf is its value. The ensemble's score is the sum of its trees'
leaves, a log-odds. Walking a few hundred trees node by node in Python costs about as much as the
rest of the pipeline, so `compile_trees` turns the ensemble into the source of one function of
nested `if`s, compiled once per process: the same arithmetic, about five times faster.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Union

Tree = Union[float, list]  # noqa: UP007  (a recursive alias reads better spelled out)


def tree_value(tree: Tree, x: Sequence[float]) -> float:
    """One tree's leaf for `x`, walked node by node (the reference `compile_trees` must match)."""
    while isinstance(tree, list):
        feature, threshold, left, right = tree
        tree = left if x[feature] <= threshold else right
    return float(tree)


def ensemble_value(trees: Sequence[Tree], x: Sequence[float]) -> float:
    return sum(tree_value(tree, x) for tree in trees)


def compile_trees(trees: Sequence[Tree]) -> Callable[[Sequence[float]], float]:
    """One function `x -> sum of the trees' leaves` (trusted input: the model file we ship)."""
    body: list[str] = ["def ensemble(x):", "    s = 0.0"]
    for tree in trees:
        _emit(tree, 1, body)
    body.append("    return s")
    namespace: dict[str, object] = {}
    exec(compile("\n".join(body), "<newsdump boosted trees>", "exec"), namespace)  # noqa: S102
    return namespace["ensemble"]  # type: ignore[return-value]


def _emit(tree: Tree, depth: int, out: list[str]) -> None:
    pad = "    " * depth
    if not isinstance(tree, list):
        out.append(f"{pad}s += {float(tree)!r}")
        return
    feature, threshold, left, right = tree
    out.append(f"{pad}if x[{int(feature)}] <= {float(threshold)!r}:")
    _emit(left, depth + 1, out)
    out.append(f"{pad}else:")
    _emit(right, depth + 1, out)
