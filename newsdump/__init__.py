"""newsdump: turn raw news dumps into clean, structured records.

>>> from newsdump import convert_text
>>> records = convert_text(open("samples/ar-seed.txt", encoding="utf-8").read())
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "__version__",
    "convert_text",
    "Pipeline",
    "PipelineOptions",
    "Dump",
    "Source",
    "Label",
    "Record",
    "RecordSource",
    "Related",
    "QuoteRecord",
    "Embed",
    "Comment",
    "Boilerplate",
    "Segment",
    "Diagnostics",
]

# Where each public name lives: imported on first use, so `newsdump --help` does not load the pipeline.
_HOMES = {
    "convert_text": "convert",
    "Pipeline": "pipeline",
    "PipelineOptions": "pipeline",
    "Dump": "model",
    "Source": "model",
    "Label": "model",
    **dict.fromkeys(__all__[__all__.index("Record") :], "record"),
}


def __getattr__(name: str) -> Any:
    if name == "__version__":  # one place for it: the installed distribution's metadata (pyproject)
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("newsdump")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'newsdump' has no attribute {name!r}")


def __dir__() -> list[str]:  # the API, lazy names included, and the module's own dunders
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})
