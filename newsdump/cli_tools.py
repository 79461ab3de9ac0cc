"""The inspection commands: inspect, stats, eval (registered on the main typer app)."""

from __future__ import annotations

from .cli import app  # noqa: F401
