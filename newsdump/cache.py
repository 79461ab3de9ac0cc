"""The user cache folder, where newsdump keeps what is costly to rebuild in every process."""

from __future__ import annotations

from pathlib import Path


def user_cache() -> Path:
    """The platform's per-user cache folder for newsdump (not created here).

    platformdirs knows each platform's place: $XDG_CACHE_HOME/newsdump, else ~/.cache/newsdump on
    Linux and BSD, ~/Library/Caches/newsdump on macOS, %LOCALAPPDATA%\\newsdump\\Cache on Windows.
    """
    from platformdirs import user_cache_dir  # imported here: `newsdump --help` never needs it

    return Path(user_cache_dir("newsdump", appauthor=False))
