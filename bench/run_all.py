"""Run every benchmark in this folder, one process each (``make bench``)."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = 0
for script in sorted(here.glob("*.py")):
    if script.name.startswith("_") or script.name == "run_all.py":
        continue
    print(f"== {script.name}", flush=True)
    failed |= subprocess.call([sys.executable, str(script)])
sys.exit(failed)
