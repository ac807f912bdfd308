"""The Procfile that `make run` starts: N workers with their own node names, one database beat."""

import os
import subprocess
from pathlib import Path

from honcho.environ import expand_processes, parse_procfile

ROOT = Path(__file__).resolve().parent.parent


def _processes(**concurrency):
    procfile = parse_procfile((ROOT / "Procfile").read_text())
    return {p.name: p for p in expand_processes(procfile.processes, concurrency=concurrency)}


def _shell_expanded(process) -> str:
    env = {**os.environ, **process.env, "WEB_HOST": "127.0.0.1", "WEB_PORT": "8633"}
    return subprocess.run(["bash", "-c", f"echo {process.cmd}"], env=env, capture_output=True, text=True).stdout


def test_make_run_workers_n_starts_n_workers_with_their_own_node_names():
    processes = _processes(worker=3)
    workers = [p for name, p in processes.items() if name.startswith("worker.")]
    assert len(workers) == 3 and "web.1" in processes and "beat.1" in processes
    hostnames = {_shell_expanded(p).split("--hostname ")[1].split("@")[0] for p in workers}
    assert hostnames == {"worker.1", "worker.2", "worker.3"}


def test_run_script_passes_workers_to_honcho():
    assert '--concurrency "worker=${WORKERS:-1}"' in (ROOT / "scripts" / "run.sh").read_text()
    assert "WORKERS=$(WORKERS) ./scripts/run.sh" in (ROOT / "Makefile").read_text()


def test_beat_uses_the_locked_database_scheduler():
    assert "--scheduler core.beat:LockedDatabaseScheduler" in _processes()["beat.1"].cmd
