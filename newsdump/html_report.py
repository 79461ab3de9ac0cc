"""One self-contained HTML page (inline CSS, no script, no network) showing labeled dumps.

Every line is a row colored by its label; text cells have `dir="auto"`, so Arabic, Persian or
Hebrew lines are laid out right-to-left by the browser itself. Quotes are marked inside their
line with the speaker as a tooltip and a tag. `eval` pages add the metric tables and, per dump,
the gold label beside the predicted one (mismatches flagged).
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from .document import Doc
from .model import Quote

COLORS = {
    "title": "#f3d1f4",
    "body": "#d4f4d2",
    "boilerplate": "#e6e6e6",
    "related": "#cdeffa",
    "embed": "#d3dcfb",
    "comment": "#fbf0c4",
    "blank": "#ffffff",
    "other": "#e6e6e6",
}

CSS = """
body{font:14px/1.45 system-ui,"Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:2em}
table{border-collapse:collapse;width:100%}
td,th{padding:2px 6px;vertical-align:top;border-bottom:1px solid #fff}
th{text-align:left;background:#f4f4f4}
td.n,td.s,td.a{color:#777;text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.r{color:#666;font-size:12px;white-space:nowrap}
td.t{white-space:pre-wrap;unicode-bidi:plaintext;width:70%}
mark{background:#ffe066;border-radius:3px;padding:0 1px}
.spk{font-size:11px;color:#7a5b00;background:#fff6cc;border-radius:3px;padding:0 4px;margin:0 3px}
.lab{display:inline-block;min-width:6.5em;padding:0 4px;border-radius:3px;font-size:12px;border:1px solid #ccc}
.bad td.g{outline:2px solid #d33}
.legend span{margin-right:.6em}
table.m{width:auto}table.m td{text-align:right;font-variant-numeric:tabular-nums}table.m td:first-child{text-align:left}
"""


def _label_tag(label: str) -> str:
    return f'<span class="lab" style="background:{COLORS.get(label, "#eee")}">{escape(label)}</span>'


def _legend() -> str:
    tags = "".join(_label_tag(label) for label in COLORS if label != "other")
    return f'<p class="legend">{tags}</p>'


def _marked(text: str, quotes: list[Quote]) -> str:
    """The line, escaped, with each quote inside <mark> and its speaker after it."""
    out, at = [], 0
    for q in sorted(quotes, key=lambda q: q.start):
        if q.start < at or q.end > len(text):
            continue  # overlapping or out of range: leave it unmarked rather than garble the line
        speaker = escape(q.speaker or "?")
        out.append(escape(text[at : q.start]))
        out.append(
            f'<mark title="{speaker}">{escape(text[q.start : q.end])}</mark><span class="spk">{speaker}</span>'
        )
        at = q.end
    out.append(escape(text[at:]))
    return "".join(out)


def doc_table(doc: Doc, gold: list[str] | None = None) -> str:
    """The dump as table rows; with `gold` labels, a gold column and mismatches flagged."""
    quotes: dict[int, list[Quote]] = {}
    for q in doc.quotes:
        quotes.setdefault(q.line, []).append(q)
    head = "<tr><th>#</th>" + ("<th>gold</th>" if gold else "") + "<th>label</th><th>rule</th>"
    rows = [head + "<th>score</th><th>art</th><th>text</th></tr>"]
    for i, text in enumerate(doc.lines):
        label = doc.labels[i].value
        gold_cell, bad = "", False
        if gold and i < len(gold):
            bad = not _agrees(gold[i], label)
            gold_cell = f'<td class="g">{_label_tag(gold[i])}</td>'
        article = "" if doc.articles[i] is None else str(doc.articles[i])
        rule = doc.rules[i] + (
            f" ({doc.kinds[i]})" if doc.kinds[i] and doc.kinds[i] not in doc.rules[i] else ""
        )
        rows.append(
            f'<tr{" class=bad" if bad else ""} style="background:{COLORS.get(label, "#fff")}">'
            f'<td class="n">{i + 1}</td>{gold_cell}<td>{_label_tag(label)}</td><td class="r">{escape(rule)}</td>'
            f'<td class="s">{doc.scores[i]:.2f}</td><td class="a">{article}</td>'
            f'<td class="t" dir="auto">{_marked(text, quotes.get(i, []))}</td></tr>'
        )
    return "<table>" + "\n".join(rows) + "</table>"


def _agrees(gold: str, predicted: str) -> bool:
    """Body-format gold says `other` for everything that is neither title, body nor blank."""
    if gold == "other":
        return predicted not in ("title", "body", "blank")
    return gold == predicted


def _summary(doc: Doc) -> str:
    counts = Counter(label.value for label in doc.labels)
    parts = [f"{_label_tag(k)} {n}" for k, n in counts.most_common()]
    return f"<p>{len(doc.lines)} lines, language {escape(str(doc.lang))}, {len(doc.quotes)} quotes: {' '.join(parts)}</p>"


def page(title: str, sections: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{CSS}</style></head><body><h1>{escape(title)}</h1>{_legend()}"
        + "\n".join(sections)
        + "</body></html>\n"
    )


def inspect_page(doc: Doc, title: str) -> str:
    """`newsdump inspect --html`: one dump."""
    return page(title, [_summary(doc), doc_table(doc)])


def metrics_table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{v:.3f}</td>" if isinstance(v, float) else f"<td>{escape(str(v))}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    return f'<table class="m"><tr>{head}</tr>{body}</table>'


def eval_page(title: str, metrics: str, docs: list[tuple[str, Doc, list[str], str]]) -> str:
    """`newsdump eval --html`: the metrics, then each shown dump (id, doc, gold labels, a score line)."""
    sections = [metrics]
    for name, doc, gold, note in docs:
        sections.append(f'<h2 id="{escape(name)}">{escape(name)}</h2><p>{escape(note)}</p>{_summary(doc)}')
        sections.append(doc_table(doc, gold))
    return page(title, sections)
