"""The only place that splits dump text into lines."""

from __future__ import annotations

# The line breaks of str.splitlines() besides \n and \r (counted apart: \r\n is one break).
_OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def split_lines(text: str, max_line_chars: int = 100_000) -> tuple[list[str], list[str]]:
    """The lines the segmenters read, one per input line, and warnings (see `split_for_labeling`)."""
    lines, _, warnings = split_for_labeling(text, max_line_chars)
    return lines, warnings


def split_for_labeling(
    text: str, max_line_chars: int = 100_000
) -> tuple[list[str], dict[int, str], list[str]]:
    """Split on every Unicode line break (as `str.splitlines`: \\n, \\r\\n, \\r, U+2028, ...).

    A line longer than `max_line_chars` is labeled by its first `max_line_chars` characters, so that
    one pathological line cannot stall the segmenters; it stays one line (the input's line numbers
    hold) and its whole text comes back in the second value (index -> full line) for the records.
    """
    lines = text.splitlines()
    overlong: dict[int, str] = {}
    warnings: list[str] = []
    if max_line_chars and any(len(line) > max_line_chars for line in lines):
        for i, line in enumerate(lines):
            if len(line) > max_line_chars:
                overlong[i] = line
                lines[i] = line[:max_line_chars]
                warnings.append(
                    f"line {i + 1} has {len(line)} characters: labeled by its first {max_line_chars}"
                )
    return lines, overlong, warnings


def count_lines(text: str) -> int:
    """len(text.splitlines()), without building the lines (a dump of 8 M tiny lines is refused
    before it costs gigabytes)."""
    if not text:
        return 0
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    breaks += sum(text.count(ch) for ch in _OTHER_BREAKS)
    return breaks + (text[-1] not in "\n\r" + _OTHER_BREAKS)
