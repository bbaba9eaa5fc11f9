"""Run the web server (gunicorn) and one task worker together (``make run``).

Ctrl-C (SIGINT) or SIGTERM stops both; if either exits on its own, the other is stopped too, so
the platform never serves pages while nothing runs its tasks.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

STOP_GRACE_SECONDS = 25


class Command(BaseCommand):
    help = "Serve the site with gunicorn and run one background worker beside it; Ctrl-C stops both."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")

    def handle(self, *args: Any, bind: str, workers: int, **options: Any) -> None:
        if settings.WSR_TASK_BACKEND == "inline":
            raise CommandError("WSR_TASK_BACKEND=inline runs tasks inside web requests; use database or rq.")
        base = Path(settings.BASE_DIR)
        commands = {
            "web": [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--config",
                str(base / "config" / "gunicorn.conf.py"),
                "--bind",
                bind,
                "--workers",
                str(workers),
            ],
            "worker": [sys.executable, str(base / "manage.py"), "worker"],
        }
        # Own sessions: Ctrl-C reaches only this supervisor, which then sends each child one SIGTERM
        # (a worker in the middle of a task finishes it; a second signal would cut it short).
        children = {
            name: subprocess.Popen(argv, cwd=base, start_new_session=True)  # noqa: S603
            for name, argv in commands.items()
        }
        stopping: list[int] = []

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        self.stdout.write(f"web (pid {children['web'].pid}) and worker (pid {children['worker'].pid}) started")
        try:
            while not stopping and all(child.poll() is None for child in children.values()):
                time.sleep(0.2)
        finally:
            for name, child in children.items():
                if child.poll() is not None and not stopping:
                    self.stderr.write(f"{name} exited with status {child.returncode}: stopping the rest")
            _stop_all(list(children.values()))
        self.stdout.write("web and worker stopped")


def _stop_all(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
