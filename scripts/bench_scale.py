"""Throughput of `newsdump convert --scheduler local:N` (Dask) beside the single-process run (issue 8).

    make bench-scale                                       # 64 .jsonl.gz inputs, 24 MB, 3 repeats
    python scripts/bench_scale.py --files 64 --size-mb 24 --repeats 3 --local 1,2,4
    python scripts/bench_scale.py --size-mb 2 --repeats 1 --doc ''          # a quick look, no doc

The corpus is the dev dumps repeated to `--size-mb` (UTF-8 text), cut in order into `--files`
.jsonl.gz inputs of about equal size. Each repeat runs, in turn and as child processes:

    newsdump convert -q -w 1 INPUTS -o single.jsonl                      (the reference)
    newsdump convert -q -w W INPUTS -o ...                               (each --workers W > 1)
    newsdump convert -q --scheduler local:N INPUTS --output-dir DIR      (each --local N)

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
    identical: bool = False


def configs(corpus: Corpus, work: Path, workers: list[int], local: list[int]) -> list[Config]:
    inputs = [str(p) for p in corpus.inputs]
    found = [
        Config(
            f"convert -w {w}",
            w,
            [*NEWSDUMP, "convert", "-q", "-w", str(w), *inputs, "-o", str(work / f"single-w{w}.jsonl")],
            [work / f"single-w{w}.jsonl"],
        )
        for w in sorted({1, *workers})
    ]
    for n in local:
        out = work / f"local{n}"
        cmd = [*NEWSDUMP, "convert", "-q", "--scheduler", f"local:{n}", *inputs, "--output-dir", str(out)]
        # scale.output_url: an input given as a file keeps its name, plus ".jsonl"
        outputs = [out / (p.name + ".jsonl") for p in corpus.inputs]
        found.append(Config(f"convert --scheduler local:{n}", n, cmd, outputs, out))
    return found


def _busy_jiffies() -> int:
    """Non-idle CPU time of the whole machine, in clock ticks (from /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # minus idle and iowait


def run_once(config: Config) -> None:
    """One timed run: wall time, CPU of the run's processes, and what the rest of the machine used."""
    if config.out_dir is not None:
        shutil.rmtree(config.out_dir, ignore_errors=True)
    tick = os.sysconf("SC_CLK_TCK")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = _busy_jiffies()
    start = time.perf_counter()
    subprocess.run(config.cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    machine = (_busy_jiffies() - busy) / tick
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    config.seconds.append(wall)
    config.cpu.append(cpu)
    config.others.append(max(machine - cpu, 0.0) / wall)


def same_as(config: Config, reference: Path) -> bool:
    """Byte-identical: the config's outputs, concatenated in input order, against the reference."""
    want = reference.read_bytes()
    got = b"".join(p.read_bytes() for p in config.outputs)
    return got == want


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


def run_probe(workers: int, work: Path, tasks: int) -> dict[str, float]:
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
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
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

    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return f"dask {dask.__version__}, distributed {distributed.__version__}, newsdump at commit {commit}"


def throughput_table(corpus: Corpus, rows: list[Config], probes: dict[int, dict[str, float]]) -> list[str]:
    base = statistics.median(rows[0].seconds)
    lines = [
        "| run | workers | median s | MB/s | dumps/s | speed-up | cluster start+stop s "
        "| CPU s | others' CPU (cores) | identical |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        seconds = statistics.median(row.seconds)
        probe_ = probes.get(row.workers) if row.out_dir is not None else None
        fixed = f"{probe_['start'] + probe_['stop']:.1f}" if probe_ else ""
        lines.append(
            f"| `{row.name}` | {row.workers} | {seconds:.1f} | {corpus.size / MB / seconds:.2f} "
            f"| {corpus.dumps / seconds:.0f} | {base / seconds:.2f}x | {fixed} "
            f"| {statistics.median(row.cpu):.0f} | {statistics.median(row.others):.2f} "
            f"| {'yes' if row.identical else 'NO'} |"
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
    args: argparse.Namespace, corpus: Corpus, rows: list[Config], probes: dict[int, dict[str, float]]
) -> str:
    command = "python scripts/bench_scale.py " + " ".join(sys.argv[1:])
    head = [
        "# Scaling out: measured throughput",
        "",
        f"Written by `{command.strip()}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        *machine(),
        f"- corpus: {len(corpus.inputs)} .jsonl.gz inputs, {corpus.size / MB:.1f} MB of dump text, "
        f"{corpus.dumps} dumps (the dev dumps repeated); median of {args.repeats} repeat(s), "
        "runs interleaved",
        "",
        "## Throughput",
        "",
        *throughput_table(corpus, rows, probes),
        "",
        "Speed-up: against `convert -w 1`. Wall time includes process and cluster start-up. "
        "CPU s: user+system of the run's processes. Others' CPU: what the rest of the machine used "
        "meanwhile, in cores. Identical: outputs, concatenated in input order, byte-equal to `convert -w 1`.",
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
    p.add_argument("--size-mb", type=float, default=24, help="corpus size, MB of dump text (default 24)")
    p.add_argument("--repeats", type=int, default=3, help="runs of each configuration; the median is shown")
    p.add_argument(
        "--workers", type=_ints, default=[2], help="single-process -w values besides 1 (default 2)"
    )
    p.add_argument("--local", type=_ints, default=[1, 2, 4], help="LocalCluster sizes (default 1,2,4)")
    p.add_argument("--tasks", type=int, default=64, help="tiny tasks per cluster probe (default 64)")
    p.add_argument("--dumps", default=str(DEV_DUMPS), help="folder of dumps to build the corpus from")
    p.add_argument("--doc", default=str(ROOT / "docs" / "scale.md"), help="report file ('' for none)")
    p.add_argument("--keep", help="build the corpus and outputs here and keep them (default: a temp dir)")
    p.add_argument("--probe", type=int, help=argparse.SUPPRESS)  # child side of the cluster probe
    p.add_argument("--probe-input", help=argparse.SUPPRESS)
    return p.parse_args()


def measure(args: argparse.Namespace, work: Path) -> str:
    corpus = build_corpus(Path(args.dumps), args.files, int(args.size_mb * MB), work / "corpus")
    print(
        f"corpus: {len(corpus.inputs)} inputs, {corpus.size / MB:.1f} MB, {corpus.dumps} dumps",
        file=sys.stderr,
    )
    rows = configs(corpus, work, args.workers, args.local)
    samples: dict[int, list[dict[str, float]]] = {n: [] for n in args.local}
    for repeat in range(args.repeats):
        for row in rows:  # interleaved, so that a busy minute hits every configuration alike
            run_once(row)
            print(f"repeat {repeat + 1}: {row.name}: {row.seconds[-1]:.1f} s", file=sys.stderr)
        for n in args.local:
            samples[n].append(run_probe(n, work, args.tasks))
    for row in rows:
        row.identical = same_as(row, rows[0].outputs[0])
    probes = {n: {k: statistics.median(s[k] for s in got) for k in got[0]} for n, got in samples.items()}
    return report(args, corpus, rows, probes)


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
