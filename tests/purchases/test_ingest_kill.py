"""Acceptance: SIGKILL the worker while it records a large report, start a new worker: no partial
batch was left behind, the report is recorded once, and uploading it again adds nothing.

Real ``manage.py worker`` processes on this test's database (committed data: ``transaction=True``;
on SQLite a private copy, see tests/core/test_tasks_kill.py for why)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from tests.core.test_tasks_kill import _database_env, private_sqlite_copy
from tests.purchases.conftest import HEADER, actor, agreement_with_terms, at, standing_history
from wsr.core.models import TaskRun
from wsr.purchases.models import PurchaseLine, PurchaseUpload, UploadStatus
from wsr.purchases.services import progress_path, purchase_upload_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BASE_DIR = Path(django_settings.BASE_DIR)
LINES = 120_000


def _write_report(path: Path, facility: str, lines: int) -> None:
    start = dt.date(2026, 1, 1)
    with path.open("w") as out:
        out.write(HEADER + "\n")
        for n in range(lines):
            day = start + dt.timedelta(days=n % 360)
            out.write(f"K{n},{facility},{day.isoformat()},tomatoes,{100 + n % 900},lb,{n % 5000}.{n % 100:02d},USD\n")


@pytest.fixture
def workers(tmp_path: Path, settings: Any) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            **_database_env(),
            "WSR_TASK_BACKEND": "database",
            "WSR_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "WSR_TASK_LEASE_SECONDS": "2",
            "WSR_TASK_REQUEUE_AFTER_SECONDS": "4",
            "WSR_SCHEDULER_TICK_SECONDS": "1",
        }
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait_for(condition: Callable[[], bool], *, seconds: float, what: str, logs: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    worker_logs = "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(logs.glob("worker-*.log")))
    pytest.fail(f"timed out waiting for {what}\nworker output:\n{worker_logs}")


def _checked(upload: PurchaseUpload) -> int:
    try:
        return int(progress_path(upload).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


@pytest.fixture
def own_database(tmp_path: Path, personas: Any) -> Iterator[Any]:
    agreement_with_terms(personas, personas.brand_a)
    standing_history(personas, personas.facility_x, (at(dt.date(2025, 6, 1)), "participating"))
    with private_sqlite_copy(tmp_path):
        yield personas


def test_sigkill_mid_upload_leaves_nothing_and_a_rerun_records_it_once(own_database, settings, tmp_path, workers):
    personas = own_database
    settings.WSR_TASK_BACKEND = "database"
    report = tmp_path / "season.csv"
    _write_report(report, personas.facility_x.public_id, LINES)
    with report.open("rb") as file:
        upload = purchase_upload_create(
            actor=actor(personas.brand_a), program=personas.program, file=file, filename="season.csv"
        )

    first = workers()
    _wait_for(lambda: _checked(upload) >= 20_000, seconds=120, what="the first batches", logs=tmp_path)
    first.send_signal(signal.SIGKILL)
    first.wait()
    upload.refresh_from_db()
    assert upload.status == UploadStatus.RUNNING  # killed mid-way: never finished
    assert _checked(upload) < LINES
    assert PurchaseLine.objects.count() == 0  # the batches written before the kill were never committed

    second = workers()
    _wait_for(lambda: PurchaseUpload.objects.get(pk=upload.pk).finished, seconds=300, what="the rerun", logs=tmp_path)
    second.send_signal(signal.SIGTERM)
    second.wait(timeout=30)
    upload.refresh_from_db()
    assert (upload.status, upload.added, upload.total_lines) == (UploadStatus.DONE, LINES, LINES)
    assert TaskRun.objects.get(kwargs__upload_id=upload.public_id).attempts == 2
    assert PurchaseLine.objects.count() == LINES
    assert PurchaseLine.objects.values("line_id").distinct().count() == LINES

    settings.WSR_TASK_BACKEND = "inline"
    with report.open("rb") as file:
        again = purchase_upload_create(
            actor=actor(personas.brand_a), program=personas.program, file=file, filename="season.csv"
        )
    again.refresh_from_db()
    assert (again.status, again.added, again.unchanged) == (UploadStatus.DONE, 0, LINES)
    assert PurchaseLine.objects.count() == LINES
