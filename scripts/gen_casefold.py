"""Write engine/src/casefold.rs: Python's `str.casefold()`, character by character, as a table.

The engine must fold words exactly as CPython does (the stopword share compares `t.casefold()`
with the stoplist), and Rust has no casefold: `char::to_lowercase` keeps ß and ς, and its Unicode
tables are newer than CPython 3.11's (14.0), so it would fold letters Python leaves alone. The table
is every character whose `casefold()` differs from itself, from this interpreter's own data.

    python scripts/gen_casefold.py            # rewrite the table
    python scripts/gen_casefold.py --check    # exit 1 when the table is not this Python's
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "engine" / "src" / "casefold.rs"


def escaped(text: str) -> str:
    return "".join(f"\\u{{{ord(c):x}}}" for c in text)


def source() -> str:
    rows = [
        f"    ('{escaped(chr(c))}', \"{escaped(chr(c).casefold())}\"),"
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF and chr(c).casefold() != chr(c)
    ]
    return "\n".join(
        [
            "//! Python's `str.casefold()` (Unicode " + unicodedata.unidata_version + "), written by",
            "//! scripts/gen_casefold.py: every character whose fold differs from itself, sorted.",
            "//! Do not edit; regenerate (tests/test_engine_features.py checks it is current).",
            "",
            "pub static FOLDS: &[(char, &str)] = &[",
            *rows,
            "];",
            "",
        ]
    )


def main() -> int:
    if "--check" in sys.argv[1:]:
        return 0 if TABLE.read_text(encoding="utf-8") == source() else 1
    TABLE.write_text(source(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
