"""Background work: durable task runs carried by Django's tasks API (django-tasks).

``@task`` turns a module-level function taking keyword arguments (JSON values only) into a Task
with ``.enqueue(**kwargs)`` and ``.call(**kwargs)``, the shape of Django's own tasks API.
``settings.WSR_TASK_BACKEND`` says where an enqueued task goes:

- ``inline``: run at once in the caller (tests, one-off scripts); an exception propagates.
- ``database`` (the embedded default) or ``rq`` (Redis, workers on several machines): a
  ``TaskRun`` row is written in the caller's transaction, and one django-tasks message pointing
  at it is sent (with the row for the database queue, after commit for Redis). ``manage.py
  worker`` runs the messages through ``run_task_run``.

A run is claimed with a conditional update and held under a lease that a thread renews while the
task runs. A worker killed mid-task stops renewing; once the lease has run out the scheduler
(``tasks_recover``, called by every worker's scheduler tick) sends the run to the queue again, and
the next worker runs it. A finished run is never run again, however many messages point at it.
Tasks must therefore be idempotent: one that was killed half-way is started again from the top.
Docs: docs/decisions/0019-task-queue-and-outbox.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks import TaskContext
from django_tasks import task as django_task
from django_tasks.utils import normalize_json

from wsr.core import clock
from wsr.core.models import PeriodicSlot, TaskRun

logger = logging.getLogger(__name__)

# Names this process in the runs it claims; unique across machines and restarts.
WORKER_ID = f"{socket.gethostname()[:60]}:{os.getpid()}:{get_random_string(8)}"

# The django-tasks alias each WSR_TASK_BACKEND sends its messages through (settings.TASKS).
TRANSPORT_ALIAS = {"database": "default", "rq": "rq"}


class Task:
    """A function that can run in the background (see the module docstring)."""

    def __init__(self, func: Callable[..., Any]) -> None:
        if "<locals>" in func.__qualname__:
            raise TypeError("A task must be a module-level function: a worker imports it by name.")
        self.func = func
        self.module_path = f"{func.__module__}.{func.__qualname__}"

    @property
    def name(self) -> str:
        return self.module_path

    def call(self, **kwargs: Any) -> Any:
        return self.func(**kwargs)

    __call__ = call

    def enqueue(self, **kwargs: Any) -> TaskRun | None:
        """Queue the task; returns its run (``None`` when it ran inline)."""
        payload = normalize_json(kwargs)  # TypeError for anything a queue could not carry
        backend = settings.WSR_TASK_BACKEND
        if backend == "inline":
            self.func(**kwargs)
            return None
        return _run_create(self.module_path, payload, backend)


def task(func: Callable[..., Any]) -> Task:
    return Task(func)


def _run_create(task_path: str, payload: dict[str, Any], backend: str) -> TaskRun:
    now = clock.now()
    run = TaskRun.objects.create(id=uuid.uuid4(), task_path=task_path, kwargs=payload, created_at=now, nudged_at=now)
    _nudge(run.pk, backend)
    return run


def _nudge(run_id: uuid.UUID, backend: str) -> None:
    """Send one queue message pointing at a run: with the run for the database queue (it commits
    or rolls back with the caller), after commit for Redis (the worker must find the row)."""
    transport = run_task_run.using(backend=TRANSPORT_ALIAS[backend])
    if backend == "database":
        transport.enqueue(run_id=str(run_id))
    else:
        transaction.on_commit(partial(_send_after_commit, transport, str(run_id)), robust=True)


def _send_after_commit(transport: Any, run_id: str) -> None:
    try:
        transport.enqueue(run_id=run_id)
    except Exception:  # Redis down: the row stays pending and tasks_recover sends it again
        logger.exception("could not queue task run %s; it will be queued again later", run_id)


@django_task(takes_context=True)
def run_task_run(context: TaskContext, run_id: str) -> str:
    """The one django-tasks task: claim the run, run its function, record the outcome."""
    return run_claimed(run_id=run_id, transport_id=str(context.task_result.id))


def run_claimed(*, run_id: str, transport_id: str = "") -> str:
    now = clock.now()
    lease = dt.timedelta(seconds=settings.WSR_TASK_LEASE_SECONDS)
    claimable = Q(state=TaskRun.State.PENDING) | Q(state=TaskRun.State.RUNNING, lease_until__lt=now)
    claimed = TaskRun.objects.filter(claimable, pk=run_id).update(
        state=TaskRun.State.RUNNING,
        worker_id=WORKER_ID,
        transport_id=transport_id[:64],
        lease_until=now + lease,
        attempts=F("attempts") + 1,
        started_at=now,
    )
    if claimed != 1:
        return "skipped"  # finished, or running under a live lease elsewhere
    run = TaskRun.objects.get(pk=run_id)
    renewer = _LeaseRenewer(run.pk, lease)
    renewer.start()
    try:
        target = import_string(run.task_path)
        target.call(**run.kwargs) if isinstance(target, Task) else target(**run.kwargs)
    except Exception as exc:
        renewer.stop()
        TaskRun.objects.filter(pk=run.pk, worker_id=WORKER_ID).update(
            state=TaskRun.State.FAILED, finished_at=clock.now(), lease_until=None, error=type(exc).__name__[:200]
        )
        logger.exception("task run %s (%s) failed", run.pk, run.task_path)
        return "failed"
    renewer.stop()
    TaskRun.objects.filter(pk=run.pk, worker_id=WORKER_ID).update(
        state=TaskRun.State.DONE, finished_at=clock.now(), lease_until=None
    )
    return "done"


class _LeaseRenewer:
    """Renews a run's lease every third of its length while the task runs (own DB connection)."""

    def __init__(self, run_id: uuid.UUID, lease: dt.timedelta) -> None:
        self.run_id, self.lease = run_id, lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"lease-{run_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.lease.total_seconds() / 3):
                TaskRun.objects.filter(pk=self.run_id, state=TaskRun.State.RUNNING, worker_id=WORKER_ID).update(
                    lease_until=clock.now() + self.lease
                )
        except Exception:  # a failed renewal must not kill the task; the lease may then lapse
            logger.exception("could not renew the lease of task run %s", self.run_id)
        finally:
            connection.close()


# --- The scheduler tick: periodic tasks, recovery, housekeeping -------------------------------


def tasks_recover(*, now: dt.datetime | None = None, backend: str | None = None) -> int:
    """Queue again every run whose worker died (lease ran out) or whose message was lost (pending
    too long). Two schedulers never both re-send one run: the resend is a conditional update."""
    now = now or clock.now()
    backend = backend or settings.WSR_TASK_BACKEND
    if backend == "inline":
        return 0
    requeue_after = now - dt.timedelta(seconds=settings.WSR_TASK_REQUEUE_AFTER_SECONDS)
    # A lapsed lease is re-sent once (nudged_at then passes lease_until), and again only if that
    # message too went unanswered for WSR_TASK_REQUEUE_AFTER_SECONDS.
    lost = TaskRun.objects.filter(
        Q(state=TaskRun.State.RUNNING, lease_until__lt=now)
        & (Q(nudged_at__lt=F("lease_until")) | Q(nudged_at__lt=requeue_after))
        | Q(state=TaskRun.State.PENDING, nudged_at__lt=requeue_after)
    ).values_list("pk", "nudged_at", "state", "transport_id")
    sent = 0
    for run_id, nudged_at, state, transport_id in lost[:500]:
        with transaction.atomic():
            if TaskRun.objects.filter(pk=run_id, nudged_at=nudged_at).update(nudged_at=now) != 1:
                continue
            if state == TaskRun.State.RUNNING:
                logger.warning("task run %s: its worker stopped without finishing; queued again", run_id)
                if backend == "database":
                    _mark_transport_lost(transport_id, now)
            _nudge(run_id, backend)
            sent += 1
    return sent


def _mark_transport_lost(transport_id: str, now: dt.datetime) -> None:
    """The database queue leaves the message of a killed worker "running" for ever: close it."""
    if not transport_id:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=transport_id, status="RUNNING").update(
        status="FAILED",
        finished_at=now,
        exception_class_path="wsr.core.tasks.WorkerLost",
        traceback="The worker stopped without finishing; the task run was queued again.",
    )


@task
def periodic_run(*, name: str) -> None:
    """Run one periodic job named in settings.WSR_PERIODIC_TASKS."""
    path, _every = settings.WSR_PERIODIC_TASKS[name]
    import_string(path)()


def periodic_slot_start(now: dt.datetime, every_seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % every_seconds, tz=dt.UTC)


def periodic_enqueue_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue each periodic job whose current period has no slot row yet (once per period, even
    with several schedulers: the slot row is unique and written with the run)."""
    now = now or clock.now()
    enqueued = []
    for name, (_path, every) in settings.WSR_PERIODIC_TASKS.items():
        slot = periodic_slot_start(now, every)
        if _slot_taken(name, slot):
            continue
        try:
            with transaction.atomic():
                run = periodic_run.enqueue(name=name)
                PeriodicSlot.objects.create(name=name, slot_start=slot, enqueued_at=now, run=run)
        except IntegrityError:
            continue  # another scheduler took this period
        enqueued.append(name)
    return enqueued


def _slot_taken(name: str, slot: dt.datetime) -> bool:
    return PeriodicSlot.objects.filter(name=name, slot_start=slot).exists()


def tasks_prune(*, now: dt.datetime | None = None) -> int:
    """Delete finished runs, periodic slots and finished queue rows older than WSR_TASK_KEEP_DAYS."""
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or clock.now()) - dt.timedelta(days=settings.WSR_TASK_KEEP_DAYS)
    deleted = PeriodicSlot.objects.filter(slot_start__lt=cutoff).delete()[0]
    finished = [TaskRun.State.DONE, TaskRun.State.FAILED]
    deleted += TaskRun.objects.filter(state__in=finished, finished_at__lt=cutoff).delete()[0]
    deleted += DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff).delete()[0]
    return deleted


def scheduler_tick(*, now: dt.datetime | None = None) -> None:
    """One wake-up of a worker's scheduler."""
    now = now or clock.now()
    tasks_recover(now=now)
    periodic_enqueue_due(now=now)
    tasks_prune(now=now)
