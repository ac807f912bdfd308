"""Load generation for benchmarks that drive a server: gunicorn on the benchmark's database,
clients that time every request, and helper processes that make load on command."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collect_static() -> None:
    """``collectstatic`` (the pages need its manifest, as under ``make run``) unless the manifest
    is newer than every static source and the last install: compressing every file takes longer
    than a quick benchmark's measurements."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [*(p for d in settings.STATICFILES_DIRS for p in Path(d).rglob("*")), *ROOT.glob(".venv/.installed-*")]
    if not manifest.exists() or any(p.stat().st_mtime > manifest.stat().st_mtime for p in sources):
        call_command("collectstatic", "--noinput", verbosity=0)


def server_env(db_name: str) -> dict:
    """The environment of a process serving (or working on) the benchmark's database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench._settings",
        "EMBEDDED_DB_NAME": db_name,
        "PYTHONPATH": str(ROOT),
    }


@contextmanager
def gunicorn(db_name: str, workers: int):
    """The project under gunicorn, sync workers (bench settings: the project's URLs plus the
    baseline views of bench/_urls.py); yields the port."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=server_env(db_name), start_new_session=True)
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One request on a new connection (sync workers close it): (seconds, status, body)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        status = response.status
    except OSError:
        status, data = 0, b""
    finally:
        conn.close()
    return time.perf_counter() - started, status, data


def closed_loop(port, path, make_body, headers, seconds: float, clients: int, ok=(200, 201)):
    """POST from ``clients`` threads, each sending its next request when the last is answered,
    for ``seconds``: the latencies (seconds) of the answered requests and the number failed."""
    latencies, failed, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        mine, bad = [], 0
        while time.monotonic() < deadline:
            took, status, _ = request(port, "POST", path, make_body(), headers)
            if status in ok:
                mine.append(took)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            failed[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failed[0]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Helper:
    """A helper process (``python <script> <args>``) that makes load on command: it prints
    ``READY`` once set up, then answers each ``go <seconds> <part>,<part>…`` line on its stdin
    with one JSON line on its stdout when done; end of input ends it."""

    def __init__(self, script: Path, args: list[str], env: dict):
        self.process = subprocess.Popen(
            [sys.executable, str(script), *args],
            cwd=ROOT,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
        )

    def ready(self) -> Helper:
        """Wait until it is set up (start several, then wait: they set up side by side)."""
        self._expect("READY")
        return self

    def _expect(self, word: str) -> str:
        """The rest of the next line that starts with ``word`` (other lines pass through)."""
        for line in self.process.stdout:
            if line.startswith(word):
                return line[len(word) :].strip()
            print(line, end="", flush=True)
        raise RuntimeError(f"helper {self.process.args[2:]} ended (exit {self.process.wait()}) before {word}")

    def go(self, seconds: float, parts: set[str]) -> None:
        self.process.stdin.write(f"go {seconds} {','.join(sorted(parts))}\n")
        self.process.stdin.flush()

    def result(self) -> dict:
        return json.loads(self._expect("DONE"))

    def close(self) -> None:
        try:
            self.process.stdin.close()
            self.process.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)


@contextmanager
def helpers(script: Path, commands: dict[str, list[str]], env: dict):
    """Helpers running ``script`` with each command's arguments, set up side by side; yields them
    ready, by name, and ends them."""
    started = {}
    try:
        for name, args in commands.items():
            started[name] = Helper(script, args, env)
        yield {name: helper.ready() for name, helper in started.items()}
    finally:
        for helper in started.values():
            helper.close()


def serve_commands(setup, work) -> None:
    """A helper's side of :class:`Helper`: ``state = setup()``, then ``work(state, seconds, parts)``
    (a dict) for each ``go``."""
    state = setup()
    print("READY", flush=True)
    for line in sys.stdin:
        if line.startswith("go "):
            _go, seconds, parts = line.split()
            print("DONE " + json.dumps(work(state, float(seconds), set(parts.split(",")))), flush=True)
