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


def test_compiled_code_is_cached_by_key_and_reused(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    rng = random.Random(3)
    trees = [random_tree(rng, 4, 6) for _ in range(10)]
    x = [0.5, 1.0, -1.0, 2.0, 0.0, 3.0]
    first = compile_trees(trees, cache_key="k1")
    [cached] = list((tmp_path / "newsdump").glob("trees-k1-*.marshal"))
    assert compile_trees([0.0], cache_key="k1")(x) == first(x) == ensemble_value(trees, x)  # from the cache
    cached.write_bytes(b"not marshal data")
    assert compile_trees(trees, cache_key="k1")(x) == first(x)  # a broken cache is rebuilt


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # a file where the folder should be
    assert compile_trees([STUMP], cache_key="k2")([0.0]) == -1.0
