"""Gradient-boosted decision trees shipped as data.

A tree is nested lists: an inner node is `[feature, threshold, left, right]` (go left when
`x[feature] <= threshold`), a leaf is its value. The ensemble's score is the sum of its trees'
leaves, a log-odds. Walking a few hundred trees node by node in Python costs about as much as the
rest of the pipeline, so `compile_trees` flattens them into arrays for the compiled engine
(`newsdump._engine.Ensemble`, engine/src/trees.rs), which sums the same leaves in the same order:
its scores are bit-identical to `ensemble_value`, the walk kept here as the reference.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence

from ._engine import Ensemble

Tree = float | list  # a leaf value, or [feature, threshold, left, right]


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
    return Ensemble(*flatten(trees))


def flatten(trees: Sequence[Tree]) -> tuple[array, array, array, array, array, array]:
    """The ensemble as arrays (feature, threshold, left, right, leaf, roots) for `_engine.Ensemble`:
    nodes in depth-first order, a child or root `c >= 0` is a node, `c < 0` is leaf `~c`."""
    feature, left, right, roots = array("i"), array("i"), array("i"), array("i")
    threshold, leaf = array("d"), array("d")

    def add(tree: Tree) -> int:
        if not isinstance(tree, list):
            leaf.append(float(tree))
            return ~(len(leaf) - 1)
        node = len(feature)
        feature.append(int(tree[0]))
        threshold.append(float(tree[1]))
        left.append(0)
        right.append(0)
        left[node] = add(tree[2])
        right[node] = add(tree[3])
        return node

    for tree in trees:
        roots.append(add(tree))
    return feature, threshold, left, right, leaf, roots
