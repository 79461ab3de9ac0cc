"""The user cache folder, where newsdump keeps what is costly to rebuild in every process."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache() -> Path:
    """$XDG_CACHE_HOME/newsdump, else ~/.cache/newsdump (not created here)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdump"
