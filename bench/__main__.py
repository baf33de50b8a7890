"""Every benchmark in one run: ``make bench`` (``.venv/bin/python -m bench``).

    python -m bench [--users 50] [--seconds 60] [--runs 200] [--raw DIR] [--quick] [--no-docs]

Runs, in order: the build from the official files, callback latency against a bare groupby,
first-load bytes in Chromium, the load test on the production server, the flow model per
year (bench/flows.py), the forecasts (bench/forecasts.py), snapshot generation
(bench/snapshot.py) and uploads of 10k, 100k and 1M rows. Writes the figures, with a description of the machine, to docs/performance.md
between the ``bench:start``/``bench:end`` markers (the rest of that file is kept) and prints
them. ``--quick`` is a smoke run with small sizes that writes nothing unless asked to.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pandas

    load1 = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB memory, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, pandas {pandas.__version__}; load average {load1:.1f} at the start "
            "(the cores are shared with other work, so figures are upper bounds).")


def build(raw: Path) -> str:
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "sufficiency", "build", "--raw", str(raw), "--out", out],
                              cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        return f"Build failed: {proc.stderr.strip().splitlines()[-1:]}"
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (f"`python -m sufficiency build --raw RAW --out DIR` (full build, every official file): "
            f"**{wall:.1f} s** wall with interpreter start, {cpu:.1f} s CPU, peak memory "
            f"{after.ru_maxrss / 1024:.0f} MB.")


def script(name: str, *args: str) -> str:
    """Run a colleague's bench script (bench/NAME.py) and keep its markdown output."""
    path = ROOT / "bench" / f"{name}.py"
    if not path.exists():
        return f"Not measured: bench/{name}.py is not there yet."
    proc = subprocess.run([sys.executable, str(path), *args], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        return f"bench/{name}.py failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}"
    return f"`python bench/{name}.py {' '.join(args)}`\n\n" + proc.stdout.strip()


def write_doc(body: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    block = f"{START}\n{body.strip()}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--raw", type=Path, default=None)
    p.add_argument("--quick", action="store_true", help="smoke run: small sizes, no docs unless --docs")
    p.add_argument("--no-docs", action="store_true")
    p.add_argument("--docs", action="store_true")
    a = p.parse_args(argv)
    if a.quick:
        a.users, a.seconds, a.runs = min(a.users, 5), min(a.seconds, 5), min(a.runs, 10)
    from sufficiency.config import raw_data_dir

    from . import interactions, loadtest, serving, uploads

    parts = [f"## Benchmarks (`make bench`, {date.today().isoformat()})", "", "Machine: " + machine(), ""]

    def section(title: str, make) -> None:
        t = time.perf_counter()
        print(f"... {title}", file=sys.stderr, flush=True)
        try:
            text = make()
        except Exception as err:  # one failing part must not lose the others' figures
            text = f"Failed: {type(err).__name__}: {err}"
        parts.extend([f"### {title}", "", text, ""])
        print(text + f"\n({time.perf_counter() - t:.0f} s)\n", file=sys.stderr, flush=True)

    raw = a.raw or raw_data_dir()
    if not a.quick:
        section("Build from the official files", lambda: build(raw))
    section("Callback latency against a bare groupby",
            lambda: interactions.markdown(interactions.measure(a.runs, 3 if a.quick else 10), a.runs, 3 if a.quick else 10))
    results = {}
    with serving.gunicorn(a.workers, a.threads) as base:
        def first():
            results["first"] = serving.first_load(base)
            return serving.first_load_markdown(results["first"])

        section("First load: bytes over the wire", first)

        def load():
            recorded = results["first"].control_body if "first" in results else None
            res = loadtest.run(base, a.users, a.seconds, recorded)
            results["errors"] = len(res.errors)
            return loadtest.summary(res, a.users, a.seconds, a.workers, a.threads)

        section("Load test", load)
    if not a.quick:
        # Flow model, snapshot and uploads: their own bench scripts / modules.
        section("Flow model per year", lambda: script("flows"))
        section("Forecasts: build per measure and footprint sums", lambda: script("forecasts"))
        section("Snapshot generation", lambda: script("snapshot"))
        section("Upload to distance distribution", lambda: uploads.markdown(uploads.measure()))
    body = "\n".join(parts)
    print(body)
    if (not a.quick and not a.no_docs) or a.docs:
        write_doc(body)
        print(f"written to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 1 if results.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
