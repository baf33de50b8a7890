"""Every benchmark in one run: ``make bench`` (``.venv/bin/python -m bench``).

    python -m bench [--users 50,100] [--seconds 60] [--states 100] [--memory-states 3000]
                    [--workers N] [--raw DIR] [--quick] [--no-docs] [--docs] [--strict]

Runs, in order: the build from the official files; never-seen views for one user against
a bare groupby (bench/never_seen.py); first-load bytes in Chromium, gzip and brotli
(bench/serving.py); the load test on the production server, cached states then the
never-seen mix at each number of users (bench/loadtest.py); one worker's memory through
thousands of distinct states (bench/memory.py); the flow model per year (bench/flows.py),
the forecasts (bench/forecasts.py), snapshot generation (bench/snapshot.py) and uploads of 10k, 100k and 1M rows. Writes the
figures, with the machine, the commands and the date, to docs/performance.md between the
``bench:start``/``bench:end`` markers (the rest of that file is kept) and prints them.

``--quick`` is the smoke run of CI (tests/integration/test_bench_smoke.py): a few states,
a few users for a few seconds, on one server with one worker; it writes nothing unless
asked to (``--docs``) and fails on any error. ``--strict`` makes a full run fail on errors
too (by default a full run fails only when a part could not be measured).
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
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def commit() -> str:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%h %cs"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    text = out.stdout.strip() or "unknown"
    return text + (" with uncommitted changes" if dirty else "")


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


def parse(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", default="50,100", help="numbers of simulated users, one never-seen run each")
    p.add_argument("--seconds", type=float, default=60, help="length of each never-seen load test")
    p.add_argument("--cached-users", type=int, default=50)
    p.add_argument("--cached-seconds", type=float, default=30)
    p.add_argument("--states", type=int, default=100, help="never-seen states per view kind, one user")
    p.add_argument("--states-seconds", type=float, default=1800, help="cap on the one-user run")
    p.add_argument("--memory-states", type=int, default=3000)
    p.add_argument("--memory-seconds", type=float, default=900, help="cap on the memory run")
    p.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py's)")
    p.add_argument("--threads", type=int, default=None, help="threads per worker (default: gunicorn.conf.py's)")
    p.add_argument("--seed", type=int, default=10)
    p.add_argument("--raw", type=Path, default=None)
    p.add_argument("--quick", action="store_true", help="smoke run: small sizes, no docs unless --docs")
    p.add_argument("--no-docs", action="store_true")
    p.add_argument("--docs", action="store_true")
    p.add_argument("--strict", action="store_true", help="fail on any error in the load or memory tests")
    a = p.parse_args(argv)
    a.users = [int(u) for u in str(a.users).split(",") if u.strip()]
    if a.quick:
        a.users, a.seconds = [min(u, 4) for u in a.users[:1]], min(a.seconds, 6)
        a.cached_users, a.cached_seconds = min(a.cached_users, 2), min(a.cached_seconds, 3)
        a.states, a.memory_states = min(a.states, 2), min(a.memory_states, 9)
        # one worker with gunicorn.conf.py's 4 threads: 3 may wait for snapshots at once (the
        # smoke run asks for one of each format together), one is kept for views
        a.workers, a.threads = 1, a.threads or 4
        a.strict = True
    return a


def run(argv=None) -> tuple[str, dict, int]:
    """Run the benchmarks; (the markdown, the results by part, the exit status)."""
    a = parse(argv)
    from sufficiency.config import raw_data_dir

    from . import loadtest, memory, never_seen, serving, uploads
    from .states import Permalinks

    started = time.perf_counter()
    command = "make bench" + (f" ARGS='{' '.join(argv)}'" if argv else "")
    parts = [f"## Benchmarks (`make bench`, {date.today().isoformat()})", "",
             f"Machine: {machine()}", "",
             f"Commit {commit()}; run as `{command}` (`.venv/bin/python -m bench`), started "
             f"{datetime.now().strftime('%Y-%m-%d %H:%M')}. Each part says the command that runs it alone.", ""]
    results: dict = {}
    failed: list[str] = []

    def section(title: str, make) -> None:
        t = time.perf_counter()
        print(f"... {title}", file=sys.stderr, flush=True)
        try:
            text = make()
        except Exception as err:  # one failing part must not lose the others' figures
            import traceback

            traceback.print_exc()
            failed.append(title)
            text = f"Failed: {type(err).__name__}: {err}"
        parts.extend([f"### {title}", "", text, ""])
        print(text + f"\n({time.perf_counter() - t:.0f} s)\n", file=sys.stderr, flush=True)

    raw = a.raw or raw_data_dir()
    if not a.quick:
        section("Build from the official files", lambda: build(raw))

    def single():
        results["never_seen"] = res = never_seen.measure(a.states, seed=a.seed, quick=a.quick,
                                                         max_seconds=a.states_seconds)
        return f"`python -m bench.never_seen {a.states}`\n\n" + never_seen.markdown(res)

    section("Never-seen views, one user: server time against a bare groupby", single)
    links = Permalinks(a.seed + 1)  # one source of never-seen states for every server test
    users_args = (f" --workers {a.workers}" if a.workers else "") + (f" --threads {a.threads}" if a.threads else "")

    def load(key: str, server, users: int, seconds: float, cached: bool) -> str:
        res = loadtest.run(server, users, seconds, cached=cached, seed=a.seed, links=links,
                           timeout=120 if a.quick else loadtest.REQUEST_TIMEOUT,
                           think=(0.1, 0.4) if a.quick else loadtest.THINK)
        results[key] = res
        cmd = f"`python -m bench.loadtest {users} {seconds:g}{' --cached' if cached else ''}{users_args}`"
        return cmd + "\n\n" + loadtest.summary(res, a.workers, a.threads)

    def memory_part(server) -> str:
        every = 1000 if a.memory_states >= 3000 else max(1, a.memory_states // 3)
        res = memory.measure(server, a.memory_states, every=every, max_seconds=a.memory_seconds, links=links)
        results["memory"] = res
        return f"`python -m bench.memory {a.memory_states}`\n\n" + memory.markdown(res)

    def first(server) -> str:
        results["first"] = fl = serving.first_load(server.url)
        return "`python -m bench.serving`\n\n" + serving.first_load_markdown(fl)

    if a.quick:  # one server with one worker for every part, warming only the first page
        with serving.server(1, a.threads, env={"SUFFICIENCY_WARM": "none"}) as s:
            section("First load: bytes over the wire", lambda: first(s))
            section("Load test: cached states", lambda: load("cached", s, a.cached_users, a.cached_seconds, True))
            for u in a.users:
                section(f"Load test: never-seen mix, {u} users",
                        lambda: load(f"load_{u}", s, u, a.seconds, False))
            section(f"Worker memory under {a.memory_states:,} distinct states", lambda: memory_part(s))
    else:
        with serving.server(a.workers, a.threads) as s:
            section("First load: bytes over the wire", lambda: first(s))
            section("Load test: cached states", lambda: load("cached", s, a.cached_users, a.cached_seconds, True))
        for u in a.users:
            def never(u=u):
                with serving.server(a.workers, a.threads) as s:  # a fresh server: its own memory figures
                    return load(f"load_{u}", s, u, a.seconds, False)

            section(f"Load test: never-seen mix, {u} users, {a.seconds:g} s", never)

        def mem():
            with serving.server(1, a.threads) as s:
                return memory_part(s)

        section(f"Worker memory under {a.memory_states:,} distinct states", mem)
        section("Flow model per year", lambda: script("flows"))
        section("Forecasts: build per measure and footprint sums", lambda: script("forecasts"))
        section("Snapshot generation", lambda: script("snapshot"))
        section("Upload to distance distribution", lambda: uploads.markdown(uploads.measure()))
    parts.append(f"Whole run: {(time.perf_counter() - started) / 60:.0f} min; load average "
                 f"{os.getloadavg()[0]:.1f} at the end.")
    body = "\n".join(parts)
    errors = sum(len(r.errors) for k, r in results.items() if k.startswith(("load_", "cached"))) \
        + len(results.get("memory", {}).get("errors", []))
    status = 1 if failed or (a.strict and errors) else 0
    return body, results, status


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    a = parse(argv)
    body, _, status = run(argv)
    print(body)
    if (not a.quick and not a.no_docs) or a.docs:
        write_doc(body)
        print(f"written to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
