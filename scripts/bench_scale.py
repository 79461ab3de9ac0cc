"""Throughput of `newsdump convert --scheduler local:N` (Dask) beside the single-process run (issue 8).

    make bench-scale                                       # 64 .jsonl.gz inputs, 16 MB, 3 repeats
    python scripts/bench_scale.py --files 64 --size-mb 16 --repeats 3 --local 1,2,4 --one-input 2
    python scripts/bench_scale.py --size-mb 2 --repeats 1 --doc ''          # a quick look, no doc

The corpus is the dev dumps repeated to `--size-mb` (UTF-8 text), cut in order into `--files`
.jsonl.gz inputs of about equal size. Each repeat runs, in turn and as child processes:

    newsdump convert -q -w 1 INPUTS -o FILE                              (the reference)
    newsdump convert -q -w W INPUTS -o FILE                              (each --workers W > 1)
    newsdump convert -q --scheduler local:N INPUTS --output-dir DIR      (each --local N)

and the same corpus as one big plain .jsonl, through `convert -w 2` (its reference) and `--scheduler
local:N` for each `--one-input` N (scale.py splits a big input into chunk tasks).
Time is the median wall time of the repeats, start-up included. The cluster's own costs are
probed apart, in a child process, with the settings `newsdump.scale.dask_client` uses: start
(LocalCluster + Client, workers ready), warm-up (import and first dump on every worker), the
per-task cost of tiny inputs, and shut-down. Every output is checked against the reference: the
per-input files concatenated in input order must be byte-identical to it. The tables go to stdout
and, unless `--doc ''`, to docs/scale.md (keeping its hand-written `## Notes`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_DUMPS = ROOT.parent / "shared" / "eval" / "dev" / "dumps"
NEWSDUMP = [sys.executable, "-m", "newsdump"]
MB = 1_000_000
TINY_DUMP = "Short news\n\nMonday, 3 March 2020\n\nThe council approved the new budget on Monday after a long debate.\n"


# ---------------------------------------------------------------- the corpus


@dataclass(slots=True)
class Corpus:
    inputs: list[Path]  # in input order
    size: int  # UTF-8 bytes of the dump texts
    dumps: int


def build_corpus(source: Path, files: int, size: int, root: Path) -> Corpus:
    """The dev dumps repeated until `size` bytes, cut in order into `files` .jsonl.gz inputs."""
    import orjson

    dumps = sorted(p for p in source.iterdir() if p.is_file())
    root.mkdir(parents=True, exist_ok=True)
    inputs = [root / f"part{i:04d}.jsonl.gz" for i in range(files)]
    written = count = 0
    for index, path in enumerate(inputs):
        share = size * (index + 1) // files  # cumulative target: the last input ends at `size`
        with gzip.open(path, "wb", compresslevel=3) as out:
            while written < share:
                dump = dumps[count % len(dumps)]
                text = dump.read_bytes().decode("utf-8", "replace")
                name = f"{count // len(dumps):04d}-{dump.name}"
                out.write(orjson.dumps({"text": text, "url": name}) + b"\n")
                written += len(text.encode("utf-8"))
                count += 1
    return Corpus(inputs, written, count)


# ---------------------------------------------------------------- the runs


@dataclass(slots=True)
class Config:
    name: str  # how the table shows it
    workers: int
    cmd: list[str]
    outputs: list[Path]  # concatenated in this order, they must equal the reference
    out_dir: Path | None = None
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    others: list[float] = field(default_factory=list)  # other users' CPU during the run, in cores
    reference: Config | None = None  # whose output this run must reproduce (None: it is a reference)
    identical: bool = False


def configs(
    inputs: list[Path], work: Path, workers: list[int], local: list[int], tag: str = ""
) -> list[Config]:
    """The runs over `inputs`: `convert -w W` for each W (the first is the reference), then local:N."""
    work.mkdir(parents=True, exist_ok=True)
    given = [str(p) for p in inputs]
    found = []
    for w in workers:
        out = work / f"single-w{w}.jsonl"
        cmd = [*NEWSDUMP, "convert", "-q", "-w", str(w), *given, "-o", str(out)]
        found.append(Config(f"convert -w {w}{tag}", w, cmd, [out]))
    for n in local:
        out = work / f"local{n}"
        cmd = [*NEWSDUMP, "convert", "-q", "--scheduler", f"local:{n}", *given, "--output-dir", str(out)]
        # scale.output_url: an input given as a file keeps its name, plus ".jsonl"
        outputs = [out / (p.name + ".jsonl") for p in inputs]
        found.append(Config(f"convert --scheduler local:{n}{tag}", n, cmd, outputs, out))
    for row in found[1:]:
        row.reference = found[0]
    return found


def one_input(corpus: Corpus, work: Path) -> Path:
    """The corpus as one plain .jsonl (16 MB of it is four `scale.CHUNK_BYTES` chunks)."""
    path = work / "all.jsonl"
    with open(path, "wb") as out:
        for part in corpus.inputs:
            with gzip.open(part, "rb") as data:
                shutil.copyfileobj(data, out)
    return path


def snapshot(work: Path) -> tuple[Path, str]:
    """The committed package (git HEAD) unpacked under `work`: what every run imports, so that
    edits in the working tree during the benchmark cannot change the code under test."""
    commit = _git("rev-parse", "--short", "HEAD")
    root = work / "src"
    root.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "HEAD", "newsdump"], check=True, capture_output=True
    )
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
    return root, commit


def child_env(code: Path | None) -> dict[str, str]:
    """Children import `code` first (the editable install's finder comes after PYTHONPATH)."""
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code), env.get("PYTHONPATH", "")) if p)
    return env


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()


def _busy_jiffies() -> int:
    """Non-idle CPU time of the whole machine, in clock ticks (from /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # minus idle and iowait


def run_once(config: Config, code: Path | None) -> None:
    """One timed run: wall time, CPU of the run's processes, and what the rest of the machine used."""
    if config.out_dir is not None:
        shutil.rmtree(config.out_dir, ignore_errors=True)
    tick = os.sysconf("SC_CLK_TCK")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = _busy_jiffies()
    start = time.perf_counter()
    # cwd: `python -m` puts it first on sys.path, so not the repo (its newsdump/ may be mid-edit)
    subprocess.run(config.cmd, check=True, stdout=subprocess.DEVNULL, cwd=code, env=child_env(code))
    wall = time.perf_counter() - start
    machine = (_busy_jiffies() - busy) / tick
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    config.seconds.append(wall)
    config.cpu.append(cpu)
    config.others.append(max(machine - cpu, 0.0) / wall)


def same_as(config: Config) -> bool:
    """Byte-identical: the config's outputs, concatenated in input order, against its reference's."""
    reference = config.reference or config
    want = b"".join(p.read_bytes() for p in reference.outputs)
    return b"".join(p.read_bytes() for p in config.outputs) == want


# ---------------------------------------------------------------- the cluster probe (child side)


def probe(workers: int, tiny: Path, tasks: int) -> dict[str, float]:
    """Start, warm up, run `tasks` tiny tasks on, and stop a LocalCluster like `--scheduler local:N`."""
    from dask.distributed import wait

    from newsdump.convert import convert_text
    from newsdump.scale import convert_file, dask_client

    times: dict[str, float] = {}
    start = time.perf_counter()
    with dask_client(f"local:{workers}") as client:
        client.wait_for_workers(workers)
        times["start"] = time.perf_counter() - start
        mark = time.perf_counter()
        client.run(convert_text, TINY_DUMP)  # on every worker: imports, lexicons, first dump
        times["warm"] = time.perf_counter() - mark
        mark = time.perf_counter()
        futures = [
            client.submit(convert_file, str(tiny), str(tiny.parent / "out" / f"{i}.jsonl"), pure=False)
            for i in range(tasks)
        ]
        wait(futures)
        # worker-seconds per task: what one more input file costs the cluster beyond its dumps
        times["task"] = (time.perf_counter() - mark) * workers / tasks
        mark = time.perf_counter()
    times["stop"] = time.perf_counter() - mark
    return times


def run_probe(workers: int, work: Path, tasks: int, code: Path | None) -> dict[str, float]:
    tiny = work / "probe" / "tiny.txt"
    tiny.parent.mkdir(parents=True, exist_ok=True)
    tiny.write_text(TINY_DUMP, encoding="utf-8")
    cmd = [
        sys.executable,
        __file__,
        "--probe",
        str(workers),
        "--probe-input",
        str(tiny),
        "--tasks",
        str(tasks),
    ]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=code, env=child_env(code))
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the report


def machine() -> list[str]:
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in _cpuinfo() if ln.startswith("model name")),
        platform.machine(),
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- `nproc`: {cores}; CPU: {cpu}; memory: {_mem_gb():.0f} GB",
        f"- Python {platform.python_version()}, {platform.system()} {platform.release()}, {_versions()}",
    ]


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


def _mem_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9


def _versions() -> str:
    import dask
    import distributed

    return f"dask {dask.__version__}, distributed {distributed.__version__}"


def throughput_table(corpus: Corpus, rows: list[Config], probes: dict[int, dict[str, float]]) -> list[str]:
    base, base_best = statistics.median(rows[0].seconds), min(rows[0].seconds)
    lines = [
        "| run | workers | median s | MB/s | dumps/s | speed-up | best s | speed-up (best) "
        "| cluster start+stop s | CPU s | others' CPU (cores) | identical |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        seconds, best = statistics.median(row.seconds), min(row.seconds)
        probe_ = probes.get(row.workers) if row.out_dir is not None else None
        fixed = f"{probe_['start'] + probe_['stop']:.1f}" if probe_ else ""
        lines.append(
            f"| `{row.name}` | {row.workers} | {seconds:.1f} | {corpus.size / MB / seconds:.2f} "
            f"| {corpus.dumps / seconds:.0f} | {base / seconds:.2f}x | {best:.1f} | {base_best / best:.2f}x "
            f"| {fixed} | {statistics.median(row.cpu):.0f} | {statistics.median(row.others):.2f} "
            f"| {'reference' if row.reference is None else 'yes' if row.identical else 'NO'} |"
        )
    return lines


def probe_table(probes: dict[int, dict[str, float]], tasks: int) -> list[str]:
    lines = [
        f"| local:N | start s | warm-up s | per task ms ({tasks} tiny inputs) | stop s |",
        "|---:|---:|---:|---:|---:|",
    ]
    for n, p in sorted(probes.items()):
        lines.append(
            f"| {n} | {p['start']:.2f} | {p['warm']:.2f} | {p['task'] * 1000:.0f} | {p['stop']:.2f} |"
        )
    return lines


def report(
    args: argparse.Namespace,
    corpus: Corpus,
    rows: list[Config],
    probes: dict[int, dict[str, float]],
    code: str,
) -> str:
    command = "python scripts/bench_scale.py " + " ".join(sys.argv[1:])
    head = [
        "# Scaling out: measured throughput",
        "",
        f"Written by `{command.strip()}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        *machine(),
        f"- {code}",
        f"- corpus: {len(corpus.inputs)} .jsonl.gz inputs, {corpus.size / MB:.1f} MB of dump text, "
        f"{corpus.dumps} dumps (the dev dumps repeated); median of {args.repeats} repeat(s), "
        "runs interleaved",
        "",
        "## Throughput",
        "",
        *throughput_table(corpus, rows, probes),
        "",
        "Speed-up: against `convert -w 1` (median against median, best against best: the least "
        "disturbed of the repeats). Wall time includes process and cluster start-up. "
        "CPU s: user+system of the run's processes. Others' CPU: what the rest of the machine used "
        "meanwhile, in cores. Identical: outputs, concatenated in input order, byte-equal to the reference "
        "(`convert -w 1`; for the 1-input rows `convert -w 2 (1 input)`).",
        "",
        "## Cluster costs (probed apart, median)",
        "",
        *probe_table(probes, args.tasks),
    ]
    return "\n".join(head) + "\n"


def keep_notes(path: Path, text: str) -> str:
    """The new tables, followed by the hand-written `## Notes` of the previous report, if any."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old.find("\n## Notes")
    return text + old[notes:] if notes >= 0 else text


# ---------------------------------------------------------------- main


def _ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",") if v.strip()]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--files", type=int, default=64, help="input files (tasks) in the corpus (default 64)")
    p.add_argument("--size-mb", type=float, default=16, help="corpus size, MB of dump text (default 16)")
    p.add_argument("--repeats", type=int, default=3, help="runs of each configuration; the median is shown")
    p.add_argument(
        "--workers", type=_ints, default=[2], help="single-process -w values besides 1 (default 2)"
    )
    p.add_argument("--local", type=_ints, default=[1, 2, 4], help="LocalCluster sizes (default 1,2,4)")
    p.add_argument(
        "--one-input",
        type=_ints,
        default=[2],
        help="LocalCluster sizes run on the corpus as one big input, beside `convert -w 2` on it "
        "(default 2; '' for none)",
    )
    p.add_argument("--tasks", type=int, default=64, help="tiny tasks per cluster probe (default 64)")
    p.add_argument("--dumps", default=str(DEV_DUMPS), help="folder of dumps to build the corpus from")
    p.add_argument("--doc", default=str(ROOT / "docs" / "scale.md"), help="report file ('' for none)")
    p.add_argument(
        "--code",
        choices=["head", "tree"],
        default="head",
        help="measure the committed package (default; immune to edits during the run) or the working tree",
    )
    p.add_argument("--keep", help="build the corpus and outputs here and keep them (default: a temp dir)")
    p.add_argument("--probe", type=int, help=argparse.SUPPRESS)  # child side of the cluster probe
    p.add_argument("--probe-input", help=argparse.SUPPRESS)
    return p.parse_args()


def measure(args: argparse.Namespace, work: Path) -> str:
    code, commit = snapshot(work) if args.code == "head" else (None, _git("describe", "--always", "--dirty"))
    corpus = build_corpus(Path(args.dumps), args.files, int(args.size_mb * MB), work / "corpus")
    print(
        f"corpus: {len(corpus.inputs)} inputs, {corpus.size / MB:.1f} MB, {corpus.dumps} dumps",
        file=sys.stderr,
    )
    rows = configs(corpus.inputs, work / "many", sorted({1, *args.workers}), args.local)
    if args.one_input:
        rows += configs([one_input(corpus, work)], work / "one", [2], args.one_input, " (1 input)")
    samples: dict[int, list[dict[str, float]]] = {n: [] for n in args.local}
    for repeat in range(args.repeats):
        for row in rows:  # interleaved, so that a busy minute hits every configuration alike
            run_once(row, code)
            print(f"repeat {repeat + 1}: {row.name}: {row.seconds[-1]:.1f} s", file=sys.stderr)
        for n in args.local:
            samples[n].append(run_probe(n, work, args.tasks, code))
    for row in rows:
        row.identical = same_as(row)
    probes = {n: {k: statistics.median(s[k] for s in got) for k in got[0]} for n, got in samples.items()}
    where = "a snapshot of HEAD" if code else "the working tree"
    return report(args, corpus, rows, probes, f"newsdump at commit {commit} ({where})")


def main() -> None:
    args = parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe, Path(args.probe_input), args.tasks)))
        return
    if args.keep:
        text = measure(args, Path(args.keep))
    else:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            text = measure(args, Path(tmp))
    print(text)
    if args.doc:
        Path(args.doc).write_text(keep_notes(Path(args.doc), text), encoding="utf-8")


if __name__ == "__main__":
    main()
