"""Boosted trees as data: the compiled engine (newsdump._engine.Ensemble) gives exactly what walking
the trees in Python gives, bit for bit."""

from __future__ import annotations

import math
import random
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdump._engine import Ensemble
from newsdump.trees import Tree, compile_trees, ensemble_value, flatten, tree_value

STUMP: Tree = [0, 1.5, -1.0, 2.0]


def random_tree(rng: random.Random, depth: int, features: int) -> Tree:
    if depth == 0 or rng.random() < 0.2:
        return round(rng.uniform(-2, 2), 6)
    return [
        rng.randrange(features),
        round(rng.uniform(-1, 3), 6),
        random_tree(rng, depth - 1, features),
        random_tree(rng, depth - 1, features),
    ]


def test_a_split_sends_equal_values_left() -> None:
    assert tree_value(STUMP, [1.5]) == -1.0
    assert tree_value(STUMP, [1.5000001]) == 2.0
    assert compile_trees([STUMP])([1.5]) == -1.0
    assert compile_trees([STUMP])([math.nan]) == 2.0  # NaN fails every test: right


def test_a_leaf_alone_is_a_constant() -> None:
    trees: list[Tree] = [0.25, STUMP]
    assert compile_trees(trees)([0.0]) == ensemble_value(trees, [0.0]) == -0.75


def test_integers_and_booleans_count_as_numbers() -> None:
    assert compile_trees([STUMP])([True]) == -1.0
    assert compile_trees([STUMP])((2,)) == 2.0


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), x=st.lists(st.floats(-2, 4, allow_nan=False), min_size=6, max_size=6))
def test_compiled_trees_match_the_walked_trees(seed: int, x: list[float]) -> None:
    rng = random.Random(seed)
    trees = [random_tree(rng, 5, 6) for _ in range(20)]
    walked = ensemble_value(trees, x)
    assert compile_trees(trees)(x) == walked  # bit for bit: same leaves, same order


def test_flatten_numbers_nodes_depth_first_and_leaves_as_complements() -> None:
    feature, threshold, left, right, leaf, roots = flatten([STUMP, 0.5, [1, 0.0, STUMP, 3.0]])
    assert list(feature) == [0, 1, 0]
    assert list(threshold) == [1.5, 0.0, 1.5]
    assert list(left) == [~0, 2, ~3] and list(right) == [~1, ~5, ~4]
    assert list(leaf) == [-1.0, 2.0, 0.5, -1.0, 2.0, 3.0]
    assert list(roots) == [0, ~2, 1]


def test_the_extension_refuses_rows_too_short_for_its_trees() -> None:
    ensemble = compile_trees([[3, 0.0, 1.0, 2.0]])
    with pytest.raises(ValueError, match="x has 2 values, the trees read 4"):
        ensemble([0.0, 1.0])
    with pytest.raises(TypeError):
        ensemble(["a", "b", "c", "d"])


@pytest.mark.parametrize(
    "arrays, message",
    [
        ((array("i", [0]), array("d", [0.0]), array("i", [0]), array("i", [~0])), "node 0 has a bad"),
        ((array("i", [0]), array("d", [0.0]), array("i", [~5]), array("i", [~0])), "node 0 has a bad"),
        ((array("i", [0]), array("d", []), array("i", [~0]), array("i", [~0])), "differ in length"),
        ((array("d", [0.0]), array("d", [0.0]), array("i", [~0]), array("i", [~0])), "float"),
    ],
)
def test_the_extension_refuses_arrays_that_are_not_trees(arrays: tuple[array, ...], message: str) -> None:
    """A node that points back to itself or past the leaves, ragged arrays, the wrong item type."""
    with pytest.raises((ValueError, TypeError), match=message):
        Ensemble(*arrays, array("d", [1.0]), array("i", [0]))
