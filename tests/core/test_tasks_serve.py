"""`make run` = `manage.py serve`: the web server and one worker start together (the worker runs
queued tasks and schedules the periodic jobs), and Ctrl-C stops both."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.core.test_tasks_kill import _database_env, own_sqlite_database, slow_effect  # noqa: F401 (a fixture)
from wsr.core.models import PeriodicSlot, TaskRun

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BASE_DIR = Path(django_settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _until(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


@pytest.mark.usefixtures("own_sqlite_database")
def test_serve_runs_the_web_server_and_a_worker_and_ctrl_c_stops_both(settings, tmp_path):
    settings.WSR_TASK_BACKEND = "database"
    port = _free_port()
    env = {
        **os.environ,
        **_database_env(),
        "WSR_TASK_BACKEND": "database",
        "WSR_TEST_EFFECTS_DIR": str(tmp_path),
        "WSR_SCHEDULER_TICK_SECONDS": "1",
    }
    out = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=BASE_DIR,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
        assert _until(lambda: _http_status(url) == 200, 60), (
            f"{url} answered {_http_status(url)}; output:\n{(tmp_path / 'serve.log').read_text()[-4000:]}"
        )
        run = slow_effect.enqueue(key="served", seconds=0)
        assert run is not None
        assert _until(lambda: TaskRun.objects.get(pk=run.pk).state == TaskRun.State.DONE, 60)
        assert (tmp_path / "applied.log").read_text().split() == ["served"]
        periodic = {"outbox.flush", "complaints.sla_sweep", "audits.cap_overdue_sweep", "agreements.sweep"}
        assert _until(lambda: periodic <= set(PeriodicSlot.objects.values_list("name", flat=True)), 30)
        started = re.search(r"web \(pid (\d+)\) and worker \(pid (\d+)\)", (tmp_path / "serve.log").read_text())
        assert started is not None
        web, worker = int(started.group(1)), int(started.group(2))

        serve.send_signal(signal.SIGINT)  # Ctrl-C
        assert serve.wait(timeout=40) == 0
        assert not _alive(web) and not _alive(worker)
        assert _http_status(url) is None
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
        # serve starts web and worker in their own sessions: if it died without stopping them,
        # end their process groups here so none outlives the test (and its database file).
        started = re.search(r"web \(pid (\d+)\) and worker \(pid (\d+)\)", (tmp_path / "serve.log").read_text())
        for pid in [int(p) for p in started.groups()] if started else []:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            assert _until(lambda pid=pid: not _alive(pid), 10), f"pid {pid} outlived SIGKILL"


def test_serve_and_worker_refuse_the_inline_backend(settings):
    settings.WSR_TASK_BACKEND = "inline"
    with pytest.raises(CommandError, match="inline"):
        call_command("serve")
    with pytest.raises(CommandError, match="inline"):
        call_command("worker")
