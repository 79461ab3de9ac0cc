"""Records as Parquet (`-o out.parquet`, `--suffix .parquet`): one row per record, for dataset tools.

Needs pyarrow (`pip install 'newsdump[parquet]'`). The columns follow the record (README, "The
record"): scalars as columns, `source` as a struct, the lists of related headlines, quotes, embeds
and boilerplate as lists of structs; `source.meta`, `meta` and `diagnostics`, whose keys vary from
input to input, are JSON strings. Rows are written in groups of ROW_GROUP records, so memory stays
bounded however long the run.
"""

from __future__ import annotations

from types import TracebackType
from typing import IO, Any

import orjson

ROW_GROUP = 2000
JSON_COLUMNS = ("meta", "diagnostics")  # kept as JSON text: their keys vary


def missing_pyarrow() -> str | None:
    """None when Parquet can be written, else what to install."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return "Parquet output needs pyarrow: pip install 'newsdump[parquet]'"
    return None


def record_schema() -> Any:
    import pyarrow as pa

    string, integer, lines = pa.string(), pa.int64(), pa.list_(pa.int64())
    source = pa.struct(
        [("path", string), ("member", string), ("index", integer), ("url", string), ("date", string),
         ("lines", lines), ("meta", string)]
    )  # fmt: skip
    related = pa.struct([("text", string), ("line", integer)])
    quote = pa.struct(
        [("text", string), ("speaker", string), ("line", integer), ("start", integer), ("end", integer),
         ("cue", string), ("confidence", pa.float64())]
    )  # fmt: skip
    embed = pa.struct(
        [("kind", string), ("text", string), ("author", string), ("handle", string), ("date", string),
         ("url", string), ("urls", pa.list_(string)), ("lines", lines)]
    )  # fmt: skip
    boilerplate = pa.struct([("kind", string), ("text", string), ("line", integer)])
    return pa.schema(
        [("schema", integer), ("id", string), ("source", source), ("article", integer), ("lang", string),
         ("title", string), ("body", string), ("related", pa.list_(related)), ("quotes", pa.list_(quote)),
         ("embeds", pa.list_(embed)), ("boilerplate", pa.list_(boilerplate)), ("meta", string),
         ("diagnostics", string)]
    )  # fmt: skip


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a row of `record_schema()`: the varying parts as JSON text."""
    row = dict(record)
    row["source"] = {**record["source"], "meta": orjson.dumps(record["source"].get("meta", {})).decode()}
    for name in JSON_COLUMNS:
        row[name] = orjson.dumps(record.get(name)).decode()
    return row


class ParquetSink:
    """A writable that takes JSONL records (as newsdump writes them) and writes them as Parquet."""

    def __init__(self, raw: IO[bytes]) -> None:
        import pyarrow.parquet as pq

        self.schema = record_schema()
        self._writer = pq.ParquetWriter(raw, self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._rest = b""

    def write(self, data: bytes) -> int:
        lines = (self._rest + bytes(data)).split(b"\n")
        self._rest = lines.pop()
        for line in lines:
            if line.strip():
                self._rows.append(to_row(orjson.loads(line)))
        if len(self._rows) >= ROW_GROUP:
            self._flush()
        return len(data)

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def close(self) -> None:
        self.write(b"\n")
        self._flush()
        self._writer.close()

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
