"""newsdump's compiled line engine (the Rust crate at the repository's root; issue 15). Private:
the modules that mirror it (trees.py, langid.py ...) are the API."""

from collections.abc import Buffer, Sequence
from typing import Any

class Ensemble:
    """Boosted trees flattened by `newsdump.trees.flatten`; calling it sums their leaves for `x`
    in tree order (bit-identical to walking them). Raises ValueError on arrays that are no trees."""

    def __init__(
        self, feature: Buffer, threshold: Buffer, left: Buffer, right: Buffer, leaf: Buffer, roots: Buffer
    ) -> None: ...
    def __call__(self, x: Sequence[float], /) -> float: ...

class Dfa:
    """py3langid's byte automaton over its `nextmove` table (held, not copied: a mapped file stays
    shared); calling it gives `{feature: count}` in order of first visit, or None without any."""

    def __init__(self, nextmove: Buffer, rowbase: Sequence[int], output: Sequence[int]) -> None: ...
    def __call__(self, text: bytes, /) -> dict[int, int] | None: ...

class LineShaper:
    """One line's `LineFeatures` without a stoplist (newsdump/features.py): called with a line, it
    gives the dataclass's fields in order, then whether the text is mostly unspaced (CJK mode).
    `stop_share` is None where the CJK stop characters are needed and not given yet."""

    def __init__(self, script_full_stops: str) -> None: ...
    def set_cjk_stop(self, chars: str) -> None: ...
    def stop_share(self, line: str, stoplist: Stoplist, /) -> float: ...
    def __call__(
        self, line: str, /
    ) -> tuple[
        int, int, bool, bool, float, float, float, int, int, float | None, int, float, bool, bool, bool
    ]: ...

class Stoplist:
    """A language's casefolded stoplist; words are folded as CPython's `str.casefold()` folds."""

    def __init__(self, words: Sequence[str]) -> None: ...

def line_vectors(
    lines: Sequence[str],
    content: list[int],
    feats: list[Any],
    cues: list[bool],
    repeated: list[bool],
    has_stoplist: bool,
) -> list[list[float]]:
    """The boilerplate model's input rows, one per content line `content[k]` (FEATURE_NAMES order);
    `feats[k]` is its `LineFeatures`, read by attribute (newsdump/features.py's `line_vectors`)."""
