"""Run every benchmark in this folder, one process each (``make bench``), then print one table
(benchmark, ours, baseline, ratio, target, met) from the ``JSON {…}`` line each prints with
``--json``, and write it to bench/results.json (git-ignored).

    .venv/bin/python bench/run_all.py [--quick]    # --quick: small scale, a few seconds each
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from _common import JSON_PREFIX

HERE = Path(__file__).resolve().parent
QUICK = {
    "intake.py": ["--seconds", "1", "--rounds", "2"],
    "seed.py": ["--scale", "small"],
    "scoring.py": ["--scale", "small", "--workers", "0"],
    "search.py": ["--scale", "small", "--samples", "60"],
    "dashboard.py": ["--scale", "small", "--requests", "40", "--history", "20000", "--repeats", "3"],
    "mixed.py": ["--quick"],
    "voting.py": ["--repeats", "5"],
}
COLUMNS = ("benchmark", "ours", "baseline", "ratio", "target", "met")


def scripts() -> list[Path]:
    """The benchmarks, seed.py first: the database it seeds becomes the others' cached copy."""
    found = [s for s in HERE.glob("*.py") if not s.name.startswith("_") and s.name != "run_all.py"]
    return sorted(found, key=lambda s: (s.name != "seed.py", s.name))


def run(script: Path, quick: bool) -> tuple[int, list[dict]]:
    """Run one benchmark, passing its output through; return its exit code and JSON rows."""
    print(f"== {script.name}", flush=True)
    command = [sys.executable, str(script), "--json", *(QUICK.get(script.name, []) if quick else [])]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    rows = []
    for line in process.stdout:
        if line.startswith(JSON_PREFIX):
            rows.append(json.loads(line[len(JSON_PREFIX) :]))
        else:
            print(line, end="", flush=True)
    return process.wait(), rows


def table(rows: list[dict]) -> str:
    cells = [COLUMNS] + [tuple(_cell(row.get(c)) for c in COLUMNS) for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = [" | ".join(value.ljust(w) for value, w in zip(line, widths, strict=True)) for line in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return "" if value is None else str(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", default=os.environ.get("QUICK", "") not in ("", "0"))
    args = parser.parse_args()
    failed, rows = 0, []
    for script in scripts():
        code, found = run(script, args.quick)
        failed |= code
        rows += found or [{"benchmark": script.name, "ours": f"failed (exit {code})"}]
    print("\n" + table(rows))
    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "cores": os.cpu_count(),
        "results": rows,
    }
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    sys.exit(failed)


if __name__ == "__main__":
    main()
