"""Language identification with py3langid's shipped model (offline), on the text that matters."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from .cache import user_cache

_LETTER = regex.compile(r"\p{L}")
# What no language is written in, yet makes the longest lines of a markdown dump: link and image
# targets ("](/upload/a.jpg)"), URLs, and ASCII runs without a space (base64 images, tracking codes).
# Left in, they crowd the prose out of the sample and the guess fails.
_NOT_WORDS = regex.compile(r"\]\([^()\s]*\)|(?:https?://|www\.)\S+|[!-~]{40,}")
# Enough text for a confident guess; more only costs time.
_SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    """The model, memory-mapped from an unpacked copy in the user cache when possible.

    py3langid unpacks its 4 MB .xz model (68 MB of tables) in every process: 0.4 s of start-up and
    68 MB of private memory per worker. Unpacked once to plain files and mapped read-only, the
    tables load in milliseconds and their pages are shared by all workers through the page cache.
    """
    from py3langid import langid

    try:
        return _mapped(langid)
    except (OSError, ValueError, ImportError, AttributeError, TypeError):  # any surprise: the shipped path
        return langid._get_identifier()


def _mapped(langid):  # type: ignore[no-untyped-def]
    import mmap

    import numpy as np

    folder = _unpacked(Path(langid.MODEL_DIR) / langid.MODEL_FILE)
    with open(folder / "nextmove.bin", "rb") as f:
        nextmove = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)).cast("I")
    # A plain ndarray view of the mapped table (no copy): np.memmap's Python-level indexing costs
    # a quarter of each classification.
    return _identifier_class(langid)(
        np.asarray(np.load(folder / "ptc.npy", mmap_mode="r")),
        np.load(folder / "pc.npy"),
        np.load(folder / "classes.npy").tolist(),
        nextmove,
        np.load(folder / "out_feat.npy").tolist(),
        tk_row=np.load(folder / "nextmove_row.npy").tolist(),
    )


def _identifier_class(langid):  # type: ignore[no-untyped-def]
    """py3langid's identifier, with its byte automaton (a Python loop over every byte: most of a
    classification's time) run by the compiled engine (engine/src/langid.rs). Same counts in the
    same order, so the same scores."""
    from ._engine import Dfa

    class Identifier(langid.LanguageIdentifier):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self._dfa = Dfa(self.tk_nextmove, self._rowbase, self.tk_output)

        def _raw_score(self, text: bytes):  # type: ignore[no-untyped-def]
            visits = self._dfa(text)
            if visits is None:  # no feature at all: the library's own answer for that
                return super()._raw_score(text)
            return self._sparse_score(visits, self.nb_ptc)

    return Identifier


def _unpacked(model: Path) -> Path:
    """The cache folder holding the model's tables as plain files, written once (atomically).

    Named by the model's content, not its file's time: every install (a new venv, a reinstall)
    ships the same bytes with a new mtime and must find the same folder. Writing a new one removes
    the other unpacked models (older py3langid releases, or older newsdump's mtime-named folders).
    """
    import sys

    folder = user_cache() / f"langid-{_content_key(model)}-{sys.byteorder}"
    if (folder / "done").exists():
        return folder
    import lzma
    import shutil
    import tempfile

    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
        work, npz = Path(tmp) / "model", Path(tmp) / "model.npz"
        work.mkdir()
        with lzma.open(model) as packed, open(npz, "wb") as out:
            shutil.copyfileobj(packed, out, 1 << 20)
        with np.load(npz, allow_pickle=False) as data:
            for name in ("ptc", "pc", "classes", "nextmove_row", "out_feat"):
                np.save(work / f"{name}.npy", data[name])
            data["nextmove"].astype("=u4").tofile(work / "nextmove.bin")
        (work / "done").touch()
        try:
            os.replace(work, folder)
        except OSError:  # another process finished first: use its copy
            if not (folder / "done").exists():
                raise
    _remove_stale(folder)
    return folder


def _content_key(model: Path) -> str:
    """A digest of the packed model (4 MB: a few milliseconds, once per process)."""
    import hashlib

    with open(model, "rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=12)).hexdigest()


def _remove_stale(current: Path) -> None:
    """Remove the other unpacked models. A process still using one keeps its mapped pages (the
    files go when it ends); one that had not opened it yet falls back to the shipped model."""
    import shutil

    for other in current.parent.glob("langid-*"):
        if other != current and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


# Identifiers py3langid answers with that are no ISO 639-1 code, mapped to the language they are a
# variety or an older stage of. Others without a code (Acehnese, Kabyle, Nigerian Pidgin ...) give
# way to the best guess that has one; "zxx" (no linguistic content) is no language at all.
TO_ISO_639_1 = {
    "yue": "zh", "wuu": "zh", "ary": "ar", "arz": "ar", "uzs": "uz", "sdh": "ku", "gug": "gn",
    "hbo": "he", "grc": "el",
}  # fmt: skip
NO_LANGUAGE = "zxx"
# Below these the guess is noise ("hello" is Breton, "hello world" Fulfulde): null and a warning.
MIN_LETTERS = 3
MIN_CONFIDENCE = 0.9  # the guess's share of the probability over all languages


@dataclass(frozen=True, slots=True)
class Guess:
    """A language guess: the ISO 639-1 code (None when unknown), its probability, and why it is None."""

    lang: str | None
    confidence: float = 0.0
    problem: str | None = None


def detect(lines: list[str]) -> str | None:
    """The ISO 639-1 code of the prose in `lines` (longest lines first), or None without enough of it."""
    return identify(lines).lang


def identify(lines: list[str]) -> Guess:
    """The language of the prose in `lines` (longest lines first) with its confidence."""
    sample: list[str] = []
    size = 0
    for line in sorted((_NOT_WORDS.sub(" ", line) for line in lines), key=len, reverse=True):
        if size >= _SAMPLE_CHARS:
            break
        sample.append(line)
        size += len(line)
    return _classify("\n".join(sample)[:_SAMPLE_CHARS])


def iso_639_1(code: str) -> str | None:
    """py3langid's identifier as an ISO 639-1 code, or None when the language has none."""
    code = TO_ISO_639_1.get(code, code)
    return code if len(code) == 2 and code.isalpha() and code.islower() else None


def is_language_code(code: str) -> bool:
    """`code` is an ISO 639-1 code the identifier knows (what --lang accepts)."""
    return code in _known_codes()


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    from py3langid import langid

    try:  # the labels alone, without loading the model's tables
        import lzma

        import numpy as np

        with lzma.open(Path(langid.MODEL_DIR) / langid.MODEL_FILE) as packed, np.load(packed) as data:
            labels = data["classes"].tolist()
    except (OSError, ValueError, KeyError, ImportError):
        labels = list(_identifier().nb_classes)
    return frozenset(c for c in map(iso_639_1, labels) if c)


@lru_cache(maxsize=64)
def _classify(text: str) -> Guess:
    # Cached: a one-article record's body usually gives the very sample its dump gave.
    letters = len(_LETTER.findall(text[:2000]))
    if letters == 0:
        return Guess(None)
    if letters < MIN_LETTERS:
        return Guess(None, 0.0, f"too little text to tell ({letters} letters)")
    probabilities: dict[str | None, float] = {}
    ranked = _identifier().rank(text)
    best = ranked[0][1]
    for code, score in ranked:
        key = None if code == NO_LANGUAGE else iso_639_1(code)
        probabilities[key] = probabilities.get(key, 0.0) + math.exp(max(score - best, -700.0))
    total = sum(probabilities.values())
    lang = max((c for c in probabilities if c), key=probabilities.__getitem__, default=None)
    confidence = probabilities.get(lang, 0.0) / total
    if probabilities.get(None, 0.0) / total >= MIN_CONFIDENCE:
        return Guess(None, 0.0, "no linguistic content")
    if lang is None or confidence < MIN_CONFIDENCE:
        return Guess(None, confidence, f"evidence too weak (best guess {lang} at {confidence:.2f})")
    return Guess(lang, round(confidence, 3))
