"""Boosted trees as data: the compiled function gives exactly what walking the trees gives."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdump.trees import Tree, compile_trees, ensemble_value, tree_value

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


def test_a_leaf_alone_is_a_constant() -> None:
    assert compile_trees([0.25, STUMP])([0.0]) == ensemble_value([0.25, STUMP], [0.0]) == -0.75


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), x=st.lists(st.floats(-2, 4, allow_nan=False), min_size=6, max_size=6))
def test_compiled_trees_match_the_walked_trees(seed: int, x: list[float]) -> None:
    rng = random.Random(seed)
    trees = [random_tree(rng, 5, 6) for _ in range(20)]
    assert compile_trees(trees)(x) == ensemble_value(trees, x)
