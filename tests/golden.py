"""Golden cases kept as data files: a dump with the expected label of each line side by side.

    === a read-also header introduces a second article
    # lang: ar
    body        | بحث الرئيس الروسي ...
    blank       |
    boilerplate | المصدر: البوابة نيوز

A case starts at a `===` line (its name; `[xfail]` at the end marks a known-hard case that stays
in the table), `# lang: xx` sets the language, and every other line is `label | text`, the label
optionally followed by `@N` for the article index. The text after `| ` is the dump line as found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CASES = Path(__file__).parent / "cases"


@dataclass
class LineCase:
    name: str
    file: str
    lang: str | None = None
    xfail: bool = False
    lines: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    articles: list[int | None] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def load_line_cases(folder: str = "lines") -> list[LineCase]:
    cases: list[LineCase] = []
    for path in sorted((CASES / folder).glob("*.txt")):
        current: LineCase | None = None
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.startswith("==="):
                name = raw[3:].strip()
                xfail = name.endswith("[xfail]")
                current = LineCase(name=name.removesuffix("[xfail]").strip(), file=path.name, xfail=xfail)
                cases.append(current)
            elif current is None or not raw.strip():
                continue
            elif raw.startswith("# lang:"):
                current.lang = raw.split(":", 1)[1].strip()
            elif raw.startswith("#"):
                continue
            else:
                spec, _, text = raw.partition("|")
                label, _, article = spec.strip().partition("@")
                current.labels.append(label.strip())
                current.articles.append(int(article) if article else None)
                current.lines.append(text[1:] if text.startswith(" ") else text)
    return cases
