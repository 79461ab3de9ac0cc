"""The only place that splits dump text into lines."""

from __future__ import annotations


def split_lines(text: str, max_line_chars: int = 100_000) -> tuple[list[str], list[str]]:
    """Split on every Unicode line break (as `str.splitlines`: \\n, \\r\\n, \\r, U+2028, ...).

    Lines longer than `max_line_chars` are cut into pieces of that size (each piece a line of its
    own) so that one pathological line cannot stall the segmenters; a warning says so.
    """
    lines = text.splitlines()
    warnings: list[str] = []
    if max_line_chars and any(len(line) > max_line_chars for line in lines):
        capped: list[str] = []
        for number, line in enumerate(lines, 1):
            if len(line) <= max_line_chars:
                capped.append(line)
                continue
            pieces = [line[i : i + max_line_chars] for i in range(0, len(line), max_line_chars)]
            warnings.append(
                f"line {number} has {len(line)} characters: split into {len(pieces)} lines of at most {max_line_chars}"
            )
            capped.extend(pieces)
        lines = capped
    return lines, warnings
