"""Acceptance: SIGKILL the worker while a long task runs and e-mails and a facility import wait
behind it, start a new worker, and every queued task has run exactly once (database queue and
Redis queue).

The workers are real ``manage.py worker`` processes on this test's database (committed data:
``transaction=True``). The long task records each start and applies its effect once (an
exclusive file create), so the run that was killed is seen to start twice and finish once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone

from wsr.core.events import events_for_object
from wsr.core.models import OutboxMessage, PeriodicSlot, TaskRun
from wsr.core.outbox import outbox_enqueue
from wsr.core.permissions import Actor
from wsr.core.tasks import task
from wsr.registry.importing.services import import_job_create
from wsr.registry.models import ImportJob, ImportStatus, ProgramFacility

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BASE_DIR = Path(django_settings.BASE_DIR)
FACILITY_LIST = BASE_DIR / "tests" / "data" / "facility-lists" / "brand-list-2.csv"
REDIS_TEST_URL = "redis://127.0.0.1:6379/13"  # this file's own Redis database: flushed before and after
RECIPIENTS = [f"admin{i}@example.org" for i in range(3)]


@task
def slow_effect(*, key: str, seconds: float) -> None:
    """Record a start, work for a while, then apply the effect once (idempotent)."""
    effects = Path(os.environ["WSR_TEST_EFFECTS_DIR"])
    with (effects / "starts.log").open("a") as log:
        log.write(f"{key}\n")
    time.sleep(seconds)
    try:
        fd = os.open(effects / f"{key}.done", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return  # a previous run applied it
    os.close(fd)
    with (effects / "applied.log").open("a") as log:
        log.write(f"{key}\n")


def _database_env() -> dict[str, str]:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return {"WSR_SQLITE_PATH": str(db["NAME"]), "DATABASE_URL": ""}
    user, password = quote(db.get("USER") or ""), quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return {"DATABASE_URL": f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"}


@pytest.fixture
def own_sqlite_database(tmp_path: Path) -> Iterator[None]:
    with private_sqlite_copy(tmp_path):
        yield


@contextmanager
def private_sqlite_copy(tmp_path: Path) -> Iterator[None]:
    """On SQLite, run the test (this process and its worker subprocesses) on a private copy of the
    test database, made with ``VACUUM INTO`` after the fixtures before it have written their rows.

    Why: SQLite's WAL mode decides "I am the last connection: checkpoint and delete -wal and -shm"
    by taking an EXCLUSIVE lock on the database file, and those locks are POSIX fcntl locks, which
    a process loses on that file as soon as it closes ANY descriptor of it (e.g. a test that
    ``open()``s the database file to scan its bytes). A pytest process in that state keeps using
    its connections while a worker subprocess that exits believes it is the last one and deletes
    the -wal and -shm files under it; this process then holds a stale wal-index, and every later
    connection to the shared test database fails with "disk I/O error" (seen in a full suite run,
    on the xdist worker that ran this file). A fresh file has a fresh inode: nothing this process
    did to the shared file can reach it, and nothing the subprocesses do can reach the shared file.
    """
    if connection.vendor != "sqlite":
        yield
        return
    shared = connection.settings_dict["NAME"]
    private = tmp_path / "own.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(private)])
    connection.close()
    connection.settings_dict["NAME"] = str(private)  # _database_env() hands this file to subprocesses
    try:
        yield
    finally:
        connection.close()  # the subprocesses have exited (fixtures that start them end first)
        connection.settings_dict["NAME"] = shared


@pytest.fixture
def worker_factory(
    tmp_path: Path, settings: Any, own_sqlite_database: None
) -> Iterator[Callable[[str], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    (tmp_path / "effects").mkdir()
    (tmp_path / "mail").mkdir()

    def start(backend: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            **_database_env(),
            "WSR_TASK_BACKEND": backend,
            "REDIS_URL": REDIS_TEST_URL,
            "WSR_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
            "WSR_TEST_EFFECTS_DIR": str(tmp_path / "effects"),
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
        time.sleep(0.2)
    worker_logs = "\n".join(p.read_text(errors="replace")[-6000:] for p in sorted(logs.glob("worker-*.log")))
    runs = list(TaskRun.objects.values_list("task_path", "state", "attempts", "error", "lease_until", "nudged_at"))
    pytest.fail(f"timed out waiting for {what}; runs: {runs}\nworker output:\n{worker_logs}")


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def _queue_the_work(personas: Any) -> ImportJob:
    """Oldest first: the long task (taken first and killed), three e-mails, an import, quick tasks."""
    with transaction.atomic():
        slow_effect.enqueue(key="long", seconds=8)
    with transaction.atomic():
        for email in RECIPIENTS:
            outbox_enqueue(
                recipient=email,
                subject="Notice",
                body="A deadline passed.",
                kind="test_notice",
                dedupe_key=f"kill-test:{email}",
            )
    job = import_job_create(
        actor=Actor.system("import"),
        program=personas.program,
        data=FACILITY_LIST.read_bytes(),
        filename=FACILITY_LIST.name,
    )
    for i in range(3):
        slow_effect.enqueue(key=f"quick-{i}", seconds=0)
    return job


def _sent_mail_recipients(mail_dir: Path) -> list[str]:
    recipients = []
    for path in mail_dir.glob("*.log"):
        recipients += [
            line.split(":", 1)[1].strip() for line in path.read_text().splitlines() if line.startswith("To:")
        ]
    return sorted(recipients)


def _kill_mid_task_then_restart(personas: Any, tmp_path: Path, start: Callable[[str], Any], backend: str) -> None:
    effects = tmp_path / "effects"
    job = _queue_the_work(personas)
    expected_runs = {r.pk for r in TaskRun.objects.all()}
    assert len(expected_runs) == 1 + 3 + 1 + 3

    first = start(backend)
    _wait_for(lambda: _lines(effects / "starts.log") == ["long"], seconds=60, what="the long task", logs=tmp_path)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert _lines(effects / "applied.log") == []  # killed mid-task: nothing applied, nothing else run
    assert _sent_mail_recipients(tmp_path / "mail") == []

    second = start(backend)
    done = TaskRun.State.DONE
    _wait_for(
        lambda: TaskRun.objects.filter(pk__in=expected_runs, state=done).count() == len(expected_runs),
        seconds=90,
        what="every queued task to finish",
        logs=tmp_path,
    )
    second.send_signal(signal.SIGTERM)
    second.wait(timeout=30)

    assert sorted(_lines(effects / "applied.log")) == ["long", "quick-0", "quick-1", "quick-2"]
    assert sorted(_lines(effects / "starts.log")) == ["long", "long", "quick-0", "quick-1", "quick-2"]
    long_run = TaskRun.objects.get(pk__in=expected_runs, kwargs__key="long")
    assert long_run.attempts == 2  # started by the killed worker, run again by the new one
    assert set(TaskRun.objects.filter(pk__in=expected_runs).values_list("attempts", flat=True)) <= {1, 2}
    assert _sent_mail_recipients(tmp_path / "mail") == RECIPIENTS
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxMessage.Status.SENT, 1)}
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.processed_rows == job.total_rows > 0
    assert ProgramFacility.objects.filter(program=personas.program).count() > 0
    assert [e.verb for e in events_for_object(job).filter(verb="import_finished")] == ["import_finished"]


def test_sigkill_mid_task_on_the_database_queue_then_restart_runs_every_task_once(
    personas, settings, tmp_path, worker_factory
):
    settings.WSR_TASK_BACKEND = "database"
    _kill_mid_task_then_restart(personas, tmp_path, worker_factory, "database")


@pytest.fixture
def redis_db() -> Iterator[Any]:
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_TEST_URL} and CI=true: .ci/run starts it")
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL} (outside CI only)")
    client.flushdb()
    yield client
    client.flushdb()


def test_sigkill_mid_task_on_the_redis_queue_then_restart_runs_every_task_once(
    personas, settings, tmp_path, worker_factory, redis_db
):
    settings.WSR_TASK_BACKEND = "rq"
    settings.REDIS_URL = REDIS_TEST_URL
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL, "DEFAULT_TIMEOUT": -1}}
    _kill_mid_task_then_restart(personas, tmp_path, worker_factory, "rq")


def test_worker_subprocesses_cannot_strand_this_process_on_a_stale_wal_index(tmp_path):
    """The failure private_sqlite_copy prevents: this process has lost its fcntl locks on the
    shared file (a descriptor of it was closed, as a test that scans the file's bytes does) while a
    connection to it stays open here, then worker subprocesses use the database and exit."""
    PeriodicSlot.objects.create(name="before", slot_start=timezone.now(), enqueued_at=timezone.now())
    shared = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":  # nothing to copy: the helper leaves the connection as it was
        with private_sqlite_copy(tmp_path):
            assert connection.settings_dict["NAME"] == shared
        return
    held = sqlite3.connect(shared, isolation_level=None)  # e.g. a connection left open in another thread
    held.executescript(connection.settings_dict["OPTIONS"]["init_command"])
    try:
        assert held.execute("SELECT name FROM core_periodicslot").fetchall() == [("before",)]
        open(shared, "rb").close()  # POSIX: every fcntl lock this process held on the file is gone
        with private_sqlite_copy(tmp_path):
            assert connection.settings_dict["NAME"] != shared
            child = (  # a worker's life: connect, write, exit
                "import sqlite3, sys; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
                "db.execute('PRAGMA journal_mode=WAL'); "
                "db.execute('INSERT INTO core_periodicslot (name, slot_start, enqueued_at) VALUES (?, 0, 0)', "
                "[sys.argv[2]]); db.close()"
            )
            for name in ("worker-1", "worker-2"):
                subprocess.run([sys.executable, "-c", child, _database_env()["WSR_SQLITE_PATH"], name], check=True)
                PeriodicSlot.objects.create(name=f"after-{name}", slot_start=timezone.now(), enqueued_at=timezone.now())
            names = sorted(PeriodicSlot.objects.values_list("name", flat=True))
            assert names == ["after-worker-1", "after-worker-2", "before", "worker-1", "worker-2"]
        assert connection.settings_dict["NAME"] == shared
        # new connections to the shared file, as the next tests make: "disk I/O error" if the
        # subprocesses had used that file
        connection.close()
        PeriodicSlot.objects.create(name="after", slot_start=timezone.now(), enqueued_at=timezone.now())
        connection.close()
        assert sorted(PeriodicSlot.objects.values_list("name", flat=True)) == ["after", "before"]
        assert held.execute("SELECT name FROM core_periodicslot ORDER BY name").fetchall() == [("after",), ("before",)]
    finally:
        held.close()
