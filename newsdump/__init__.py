"""newsdump: turn raw news dumps into clean, structured records.

>>> from newsdump import convert_text
>>> records = convert_text(open("samples/ar-seed.txt", encoding="utf-8").read())
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "convert_text", "Pipeline", "Dump", "Source", "Label"]


def __getattr__(name: str):  # lazy: `newsdump --help` must not import the whole pipeline
    if name == "convert_text":
        from .convert import convert_text

        return convert_text
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    if name in ("Dump", "Source", "Label"):
        from . import model

        return getattr(model, name)
    raise AttributeError(name)
