"""Small plain-text dumps on disk for the CLI tests: one budget story each, of growing length."""

from __future__ import annotations

from pathlib import Path

PROSE = "The council approved the new budget on Tuesday after a long debate about school funding.\n"


def make_dumps(folder: Path, count: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"d{number:02}.txt"
        path.write_text(f"Budget story number {number}\n\n{PROSE * (number + 1)}Source: the wire\n")
        paths.append(path)
    return paths
