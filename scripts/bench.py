"""Throughput, memory and start-up of `newsdump convert`, beside a floor and the peers (issue 5).

    make bench                                   # ~200 MB corpus; table to stdout and docs/bench.md
    python scripts/bench.py --size-mb 20 --repeats 3 --workers 1,2
    python scripts/bench.py --growth --growth-mb 10,100,1000

The corpus is the dev dumps repeated to `--size-mb`, written to a temp dir as plain files, as one
.jsonl.gz and as one .tar.zst. Every measured program runs as its own child process on that input;
time is the median of `--repeats` runs, peak RSS the largest resident size of the child and of its
reaped children (os.wait4), so per process: workers are separate processes with their own peak.
The floor and the peers run here through `--tool` (a hidden entry point), newsdump through its CLI.
"""

from __future__ import annotations

import argparse
import gzip
import html
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_DUMPS = ROOT.parent / "shared" / "eval" / "dev" / "dumps"
NEWSDUMP = [sys.executable, "-m", "newsdump"]
FILES_PER_PART = 500  # plain corpus: folders of this many dumps, so a sample is a prefix of folders
MB = 1_000_000


# ---------------------------------------------------------------- the corpus


@dataclass(slots=True)
class Corpus:
    root: Path
    parts: list[Path]  # plain folders, in order
    part_bytes: list[int]
    dumps: int
    jsonl_gz: Path
    tar_zst: Path

    @property
    def size(self) -> int:
        return sum(self.part_bytes)

    def prefix(self, max_bytes: int) -> tuple[list[Path], int]:
        """The first plain folders holding about `max_bytes` (at least one), and their size."""
        chosen, size = [], 0
        for part, n in zip(self.parts, self.part_bytes, strict=True):
            if chosen and size + n > max_bytes:
                break
            chosen.append(part)
            size += n
        return chosen, size


def build_corpus(source: Path, size: int, root: Path) -> Corpus:
    """The dev dumps repeated until `size` bytes, in three layouts, streamed (nothing held whole)."""
    files = sorted(p for p in source.iterdir() if p.is_file())
    parts: list[Path] = []
    part_bytes: list[int] = []
    written = count = 0
    jsonl_gz, tar_zst = root / "corpus.jsonl.gz", root / "corpus.tar.zst"
    root.mkdir(parents=True, exist_ok=True)
    import orjson
    import zstandard

    with (
        gzip.open(jsonl_gz, "wb", compresslevel=3) as jl,
        open(tar_zst, "wb") as raw,
        zstandard.ZstdCompressor(level=3).stream_writer(raw) as zst,
        tarfile.open(fileobj=zst, mode="w|") as tar,
    ):
        while written < size:
            for path in files:
                if written >= size:
                    break
                if count % FILES_PER_PART == 0:
                    parts.append(root / "plain" / f"part{len(parts):05d}")
                    parts[-1].mkdir(parents=True)
                    part_bytes.append(0)
                name = f"{count // len(files):04d}-{path.name}"
                target = parts[-1] / name
                shutil.copyfile(path, target)
                data = target.read_bytes()
                jl.write(orjson.dumps({"text": data.decode("utf-8", "replace"), "url": name}) + b"\n")
                tar.add(target, arcname=f"{parts[-1].name}/{name}")
                part_bytes[-1] += len(data)
                written += len(data)
                count += 1
    return Corpus(root, parts, part_bytes, count, jsonl_gz, tar_zst)


# ---------------------------------------------------------------- the floor and the peers (child side)


def iter_texts(inputs: list[str]) -> Iterator[str]:
    """Dump texts of plain folders, a .jsonl.gz or a .tar.zst, in corpus order."""
    import orjson

    for given in inputs:
        if given.endswith(".jsonl.gz"):
            with gzip.open(given, "rb") as f:
                for line in f:
                    yield orjson.loads(line)["text"]
        elif given.endswith(".tar.zst"):
            import zstandard

            with (
                open(given, "rb") as raw,
                zstandard.ZstdDecompressor().stream_reader(raw) as zst,
                tarfile.open(fileobj=zst, mode="r|") as tar,
            ):
                for member in tar:
                    handle = tar.extractfile(member)
                    if handle is not None:
                        yield handle.read().decode("utf-8", "replace")
        else:
            for path in sorted(Path(given).iterdir()):
                yield path.read_bytes().decode("utf-8", "replace")


def run_tool(name: str, inputs: list[str], output: str) -> None:
    import orjson

    process = TOOLS[name]()
    with open(output, "wb") as out:
        for text in iter_texts(inputs):
            out.write(orjson.dumps(process(text)) + b"\n")


def _floor():  # type: ignore[no-untyped-def]
    """What no Python segmenter can beat: split lines, one regex per line, one record per dump."""
    import re

    word = re.compile(r"\w+")

    def process(text: str) -> dict[str, object]:
        lines = text.splitlines()
        return {
            "lines": len(lines),
            "words": sum(1 for line in lines if word.search(line)),
        }

    return process


def _as_html(text: str) -> str:
    return (
        "<html><body>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
        + "</body></html>"
    )


def _justext():  # type: ignore[no-untyped-def]
    import justext

    stoplist = justext.get_stoplist("English")  # what a user without language detection would pass

    def process(text: str) -> dict[str, object]:
        paragraphs = justext.justext(_as_html(text), stoplist)
        return {"body": "\n".join(p.text for p in paragraphs if not p.is_boilerplate)}

    return process


def _trafilatura():  # type: ignore[no-untyped-def]
    import trafilatura

    def process(text: str) -> dict[str, object]:
        return {"body": trafilatura.extract(_as_html(text))}

    return process


def _c4():  # type: ignore[no-untyped-def]
    """The C4 line filter as in datatrove's C4QualityFilter (line rules only): far less than newsdump."""
    terminal = (".", "?", "!", '"', "'")
    policy = (
        "terms of use",
        "privacy policy",
        "cookie policy",
        "uses cookies",
        "use of cookies",
        "use cookies",
    )

    def keep(line: str) -> bool:
        low = line.lower()
        return (
            line.endswith(terminal)
            and len(line.split()) >= 3
            and "javascript" not in low
            and "lorem ipsum" not in low
            and "{" not in line
            and not any(p in low for p in policy)
        )

    def process(text: str) -> dict[str, object]:
        return {"body": "\n".join(line for line in (raw.strip() for raw in text.splitlines()) if keep(line))}

    return process


TOOLS = {"floor": _floor, "justext": _justext, "trafilatura": _trafilatura, "c4": _c4}


# ---------------------------------------------------------------- measuring (parent side)


@dataclass(slots=True)
class Row:
    tool: str
    layout: str
    workers: int | str
    size: int
    dumps: int
    seconds: float
    rss_mb: float
    cpu: float  # user + system seconds of the process and the children it waited for

    @property
    def mbps(self) -> float:
        return self.size / MB / self.seconds

    @property
    def cpu_mbps(self) -> float:
        """MB per CPU second: what a core gives when not shared (wall time on shared cores waits)."""
        return self.size / MB / self.cpu if self.cpu else 0.0

    @property
    def dps(self) -> float:
        return self.dumps / self.seconds


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child run; a failing child stops the benchmark."""
    seconds, rss, _ = timed_cpu(cmd)
    return seconds, rss


def timed_cpu(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one child run."""
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a chatty child must not block
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):  # 1: some inputs failed, still a full run
            err.seek(0)
            tail = err.read()[-2000:].decode(errors="replace")
            raise SystemExit(f"failed ({child.returncode}): {' '.join(cmd)}\n{tail}")
    rss_mb = usage.ru_maxrss / 1024  # Linux reports KiB
    return seconds, rss_mb, usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], repeats: int) -> tuple[float, float, float]:
    """Median wall seconds, largest peak RSS and median CPU seconds of `repeats` runs."""
    runs = [timed_cpu(cmd) for _ in range(repeats)]
    return (
        statistics.median(r[0] for r in runs),
        max(r[1] for r in runs),
        statistics.median(r[2] for r in runs),
    )


def tool_cmd(name: str, inputs: list[Path], out: Path) -> list[str]:
    return [
        sys.executable,
        __file__,
        "--tool",
        name,
        "--out",
        str(out),
        *map(str, inputs),
    ]


def newsdump_cmd(inputs: list[Path], workers: int, out: Path) -> list[str]:
    return [
        *NEWSDUMP,
        "convert",
        "-q",
        "-w",
        str(workers),
        "-o",
        str(out),
        *map(str, inputs),
    ]


def run_table(corpus: Corpus, args: argparse.Namespace) -> list[Row]:
    out = corpus.root / "out.jsonl"
    n = corpus.dumps
    layouts = {
        "files": corpus.parts,
        "jsonl.gz": [corpus.jsonl_gz],
        "tar.zst": [corpus.tar_zst],
    }
    rows: list[Row] = []

    def add(
        tool: str,
        layout: str,
        workers: int | str,
        size: int,
        dumps: int,
        cmd: list[str],
        repeats: int,
    ) -> None:
        seconds, rss, cpu = measure(cmd, repeats)
        rows.append(Row(tool, layout, workers, size, dumps, seconds, rss, cpu))
        r = rows[-1]
        print(
            f"  {tool:12} {layout:9} w={workers!s:3} {r.mbps:7.2f} MB/s {r.rss_mb:6.0f} MB",
            file=sys.stderr,
        )

    for layout in args.layouts:
        add(
            "floor",
            layout,
            1,
            corpus.size,
            n,
            tool_cmd("floor", layouts[layout], out),
            args.repeats,
        )
    for workers in args.workers:
        layouts_here = args.layouts if workers == args.workers[0] else args.layouts[:1]
        for layout in layouts_here:
            add(
                "newsdump",
                layout,
                workers,
                corpus.size,
                n,
                newsdump_cmd(layouts[layout], workers, out),
                args.repeats,
            )
    peer_parts, peer_size = corpus.prefix(args.peer_mb * MB)
    peer_dumps = round(n * peer_size / corpus.size)
    for peer in args.peers:
        add(
            peer,
            "files",
            1,
            peer_size,
            peer_dumps,
            tool_cmd(peer, peer_parts, out),
            max(1, args.repeats // 2),
        )
    return rows


def startup(sample: Path, repeats: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of `newsdump --help` and of converting one small dump.

    On shared cores the wall time includes waiting for a core; the CPU time does not."""
    cmds = {
        "newsdump --help": [*NEWSDUMP, "--help"],
        "convert one small dump": [
            *NEWSDUMP,
            "convert",
            "-q",
            "-w",
            "1",
            "-o",
            os.devnull,
            str(sample),
        ],
    }
    # As installed: bytecode compiled once and reused. A PYTHONDONTWRITEBYTECODE in the calling
    # environment (some sandboxes set it) would recompile newsdump's modules on every start (+40 ms).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    medians = {}
    for name, cmd in cmds.items():
        timed_cpu(cmd, env)  # warm-up: writes the bytecode and the trees' cache
        runs = [timed_cpu(cmd, env) for _ in range(repeats)]
        medians[name] = (statistics.median(r[0] for r in runs), statistics.median(r[2] for r in runs))
    return medians


def long_line(size_mb: int, root: Path) -> list[str]:
    """One dump that is a single line of `size_mb` MB: it must not crash. Above `--max-dump-bytes`
    (64 MB) the dump is refused with an error line; below it, the line is split with a warning."""
    path = root / "long-line.txt"
    sentence = "A sentence of an article that never ends its line. "
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(size_mb * MB // len(sentence)):
            f.write(sentence)
    import orjson

    out = root / "out.jsonl"
    seconds, rss = timed(newsdump_cmd([path], 1, out))
    records = out.read_bytes().splitlines() if out.exists() else []
    warnings = sum(len(orjson.loads(r)["diagnostics"]["warnings"]) for r in records)
    outcome = (
        f"{len(records)} record(s), {warnings} warning(s)" if records else "refused (an error line, exit 1)"
    )
    return [f"- {size_mb} MB in one line: {outcome}; {seconds:.1f} s, peak RSS {rss:.0f} MB"]


def run_growth(sizes: list[int], workers: int, root: Path) -> list[Row]:
    rows = []
    for size in sizes:
        corpus = build_corpus(DEV_DUMPS, size * MB, root / f"g{size}")
        seconds, rss, cpu = timed_cpu(newsdump_cmd(corpus.parts, workers, root / "out.jsonl"))
        rows.append(Row("newsdump", "files", workers, corpus.size, corpus.dumps, seconds, rss, cpu))
        print(f"  growth {size} MB: {seconds:.1f} s, {rss:.0f} MB", file=sys.stderr)
        shutil.rmtree(corpus.root)
    return rows


# ---------------------------------------------------------------- reporting


def machine() -> str:
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in _cpuinfo() if ln.startswith("model name")),
        platform.machine(),
    )
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


def table(rows: list[Row]) -> list[str]:
    floors = {r.layout: r.mbps for r in rows if r.tool == "floor"}
    one = next(
        (r.mbps for r in rows if r.tool == "newsdump" and r.workers == 1 and r.layout == "files"),
        None,
    )
    lines = [
        "| program | input | workers | MB | median s | MB/s | CPU s | MB per CPU s | dumps/s | peak RSS MB "
        "| x floor | newsdump 1w / it |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        vs_floor = f"{r.mbps / floors[r.layout]:.3g}" if r.layout in floors and r.tool != "floor" else ""
        vs_peer = f"{one / r.mbps:.3g}" if one and r.tool not in ("floor", "newsdump") else ""
        lines.append(
            f"| {r.tool} | {r.layout} | {r.workers} | {r.size / MB:.1f} | {r.seconds:.2f} | {r.mbps:.2f} "
            f"| {r.cpu:.2f} | {r.cpu_mbps:.2f} | {r.dps:.0f} | {r.rss_mb:.0f} | {vs_floor} | {vs_peer} |"
        )
    return lines


def bars(rows: list[Row], starts: dict[str, tuple[float, float]]) -> list[str]:
    """Issue 5's bars, met or the exact gap."""

    def speed(tool: str, workers: int | None = None) -> float | None:
        found = [
            r.mbps for r in rows if r.tool == tool and r.layout == "files" and workers in (None, r.workers)
        ]
        return found[0] if found else None

    one, floor, jus = speed("newsdump", 1), speed("floor"), speed("justext")
    most = max(
        (r for r in rows if r.tool == "newsdump" and r.layout == "files"),
        key=lambda r: r.workers,
    )
    checks = []
    if one and floor:
        checks.append(("one worker >= 0.5 x floor", one / floor, 0.5))
    if one and jus:
        checks.append(("one worker >= 10 x jusText", one / jus, 10.0))
    if one and most.workers != 1:
        checks.append((f"{most.workers} workers >= 1.8 x one worker", most.mbps / one, 1.8))
    lines = [
        f"- {name}: **{got:.3g}x** {'met' if got >= bar else f'MISSED (bar {bar}x)'}"
        for name, got, bar in checks
    ]
    rss = max(r.rss_mb for r in rows if r.tool == "newsdump")
    lines.append(f"- peak RSS <= 200 MB per process: **{rss:.0f} MB** {'met' if rss <= 200 else 'MISSED'}")
    for name, (seconds, _) in starts.items():
        lines.append(
            f"- start-up, {name} < 0.3 s: **{seconds:.2f} s** {'met' if seconds < 0.3 else 'MISSED'}"
        )
    return lines


def growth_table(rows: list[Row]) -> list[str]:
    lines = [
        "| MB | dumps | s | s per MB | peak RSS MB |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.size / MB:.0f} | {r.dumps} | {r.seconds:.1f} | {r.seconds / (r.size / MB):.3f} | {r.rss_mb:.0f} |"
        )
    return lines


def report(args: argparse.Namespace, sections: list[tuple[str, list[str]]]) -> str:
    command = "python scripts/bench.py " + " ".join(sys.argv[1:])
    head = [
        "# newsdump benchmark",
        "",
        f"Written by `{command.strip()}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Machine: {machine()}; the cores were shared with other jobs, so read ratios, not absolutes.",
        f"newsdump: {_version()}.",
        "Time: median of the repeats; peak RSS: largest resident size of any one process of the run",
        "(mapped model pages, shared between workers, count in it).",
        "Peers run on a prefix sample of the same files (each line wrapped as `<p>`; jusText with the",
        "English stoplist); the floor splits lines, runs one regex per line and writes one orjson line per dump.",
    ]
    body = [line for title, lines in sections for line in ("", f"## {title}", "", *lines)]
    return "\n".join(head + body) + "\n"


def _version() -> str:
    """Which newsdump ran: the one `python -m newsdump` imports here, and its git commit."""
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import newsdump, os; print(os.path.dirname(newsdump.__file__))",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{found} (repo at commit {commit or 'unknown'})"


def keep_notes(path: Path, text: str) -> str:
    """The new tables, followed by the hand-written `## Notes` of the previous report, if any."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old.find("\n## Notes")
    return text + old[notes:] if notes >= 0 else text


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size-mb", type=int, default=200, help="corpus size (default 200)")
    p.add_argument(
        "--peer-mb",
        type=int,
        default=10,
        help="sample size for jusText and trafilatura (default 10)",
    )
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument(
        "--workers",
        default=f"1,{os.cpu_count() or 1}",
        help="worker counts, e.g. 1,2,4",
    )
    p.add_argument(
        "--layouts",
        default="files,jsonl.gz,tar.zst",
        help="input layouts for the floor and newsdump",
    )
    p.add_argument("--peers", default="justext,trafilatura,c4")
    p.add_argument(
        "--long-line-mb",
        type=int,
        default=0,
        help="also convert one dump of a single line this big",
    )
    p.add_argument(
        "--growth",
        action="store_true",
        help="time and memory at --growth-mb sizes instead",
    )
    p.add_argument("--growth-mb", default="10,100", help="sizes for --growth (add 1000 for 1 GB)")
    p.add_argument(
        "--output",
        default=str(ROOT / "docs" / "bench.md"),
        help="markdown report ('-': none)",
    )
    p.add_argument(
        "--tmp",
        default=None,
        help="where to build the corpus (default: the system temp dir)",
    )
    p.add_argument("--tool", choices=sorted(TOOLS), help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    args = p.parse_args()
    args.workers = sorted({int(w) for w in args.workers.split(",")})
    args.layouts = [x for x in args.layouts.split(",") if x]
    args.peers = [x for x in args.peers.split(",") if x]
    return args


def main() -> None:
    args = parse_args()
    if args.tool:
        run_tool(args.tool, args.inputs, args.out)
        return
    with tempfile.TemporaryDirectory(prefix="newsdump-bench-", dir=args.tmp) as tmp:
        root = Path(tmp)
        if args.growth:
            sizes = [int(s) for s in args.growth_mb.split(",")]
            print(f"growth at {sizes} MB, {args.workers[0]} worker(s)", file=sys.stderr)
            sections = [
                (
                    "Growth (newsdump convert, plain files)",
                    growth_table(run_growth(sizes, args.workers[0], root)),
                )
            ]
        else:
            print(f"building a {args.size_mb} MB corpus in {root}", file=sys.stderr)
            corpus = build_corpus(DEV_DUMPS, args.size_mb * MB, root / "corpus")
            rows = run_table(corpus, args)
            starts = startup(sorted(corpus.parts[0].iterdir())[0], max(args.repeats, 5))
            start_lines = [
                f"- {name}: {wall:.2f} s (median; CPU {cpu:.2f} s)" for name, (wall, cpu) in starts.items()
            ]
            sections = [
                ("Throughput", table(rows)),
                ("Bars (issue 5)", bars(rows, starts)),
                ("Start-up", start_lines),
            ]
            if args.long_line_mb:
                sections.append(("One overlong line", long_line(args.long_line_mb, root)))
    text = report(args, sections)
    print(text)
    if args.output != "-":
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        path = Path(args.output)
        path.write_text(keep_notes(path, text), encoding="utf-8")


if __name__ == "__main__":
    main()
