"""An uploaded placements extract of N rows to its distance distribution: time and peak memory.

    .venv/bin/python -m bench.uploads [ROWS ...]        (default 10000 100000 1000000)

Each size runs in its own process (so peak memory is that size's alone): made-up rows from
``sufficiency.uploads.example`` written as CSV bytes, then ``parse_upload`` (decode,
validate every cell, distances) and ``upload_distribution`` + ``publishable`` (bands, small
counts suppressed). The app refuses files over its caps (5 MB, 100,000 rows); the caps are
lifted here to time the larger extracts.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def one(rows: int) -> dict:
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from sufficiency.store import load
    from sufficiency.config import EMBEDDED_DATA
    from sufficiency.uploads import parse
    from sufficiency.uploads.disclosure import publishable, upload_distribution
    from sufficiency.uploads.example import example_csv

    gaz = load(EMBEDDED_DATA).gazetteer
    parse.MAX_ROWS = max(parse.MAX_ROWS, rows)
    t = time.perf_counter()
    content = example_csv(gaz, rows=rows).encode("utf-8")
    made = time.perf_counter() - t
    after_imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    result = parse.parse_upload(content, "extract.csv", gazetteer=gaz, max_bytes=len(content) + 1, max_rows=rows + 1)
    parsed = time.perf_counter() - t
    t = time.perf_counter()
    pub = publishable(upload_distribution(result.frame))
    dist = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": rows, "mb": len(content) / 1e6, "make_s": made, "parse_s": parsed, "dist_s": dist,
            "peak_mb": peak / 1024, "before_mb": after_imports / 1024, "start_mb": base / 1024,
            "accepted": result.rows, "bands": len(pub) if hasattr(pub, "__len__") else 0}


def measure(sizes=(10_000, 100_000, 1_000_000)) -> list[dict]:
    out = []
    for n in sizes:
        proc = subprocess.run([sys.executable, "-m", "bench.uploads", "--one", str(n)], capture_output=True,
                              text=True, timeout=900)
        if proc.returncode != 0:
            out.append({"rows": n, "error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"})
        else:
            out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


def markdown(rows: list[dict]) -> str:
    lines = ["Made-up placements extracts (CSV, UTF-8) through the upload path, one process per size; "
             "peak = the process's maximum resident memory, \"with file\" = before parsing (interpreter, "
             "pandas, the app's tables and the file's bytes).", "",
             "| rows | file | validate + distances | distribution + suppression | total | peak memory | with file |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['rows']:,} | failed: {r['error']} | | | | | |")
            continue
        lines.append(f"| {r['rows']:,} | {r['mb']:.1f} MB | {r['parse_s']:.2f} s | {r['dist_s'] * 1000:.0f} ms | "
                     f"{r['parse_s'] + r['dist_s']:.2f} s | {r['peak_mb']:.0f} MB | {r['before_mb']:.0f} MB |")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]))))
    else:
        sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
        print(markdown(measure(sizes)))
