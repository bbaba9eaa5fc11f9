"""Durable task runs: inline in tests, a run row + queue message otherwise, claims, leases,
recovery of runs whose worker died, periodic slots (one per period), housekeeping."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from wsr.core import tasks
from wsr.core.models import PeriodicSlot, TaskRun
from wsr.core.tasks import periodic_enqueue_due, run_claimed, scheduler_tick, task, tasks_prune, tasks_recover

pytestmark = pytest.mark.django_db

SEEN: list[object] = []
T0 = dt.datetime(2026, 5, 4, 10, 0, 30, tzinfo=dt.UTC)


@task
def remember(*, value: object) -> None:
    SEEN.append(value)


@task
def explode(*, value: str) -> None:
    raise LookupError(f"no such thing for {value}")  # the text could be personal: never stored


@pytest.fixture(autouse=True)
def _clean_seen():
    SEEN.clear()
    yield
    SEEN.clear()


def test_inline_tasks_run_at_once_and_refuse_payloads_a_queue_could_not_carry():
    assert remember.enqueue(value="x") is None
    assert SEEN == ["x"]
    with pytest.raises(TypeError):
        remember.enqueue(value=object())
    assert TaskRun.objects.count() == 0


def test_a_task_must_be_a_module_level_function():
    def local(*, value: str) -> None:
        return None

    with pytest.raises(TypeError, match="module-level"):
        task(local)


def test_the_database_queue_writes_the_run_and_its_message_with_the_callers_transaction(settings):
    settings.WSR_TASK_BACKEND = "database"
    with pytest.raises(RuntimeError), transaction.atomic():
        remember.enqueue(value=1)
        raise RuntimeError("the change fails")
    assert TaskRun.objects.count() == 0 and DBTaskResult.objects.count() == 0

    with transaction.atomic():
        run = remember.enqueue(value=2)
    assert run is not None and SEEN == []
    stored = TaskRun.objects.get()
    assert stored.state == TaskRun.State.PENDING and stored.kwargs == {"value": 2}
    assert stored.task_path == "tests.core.test_tasks.remember"
    message = DBTaskResult.objects.get()
    assert message.task_path == "wsr.core.tasks.run_task_run"
    assert message.args_kwargs["kwargs"] == {"run_id": str(run.pk)}


def test_a_run_is_claimed_once_and_a_finished_run_never_runs_again(settings):
    settings.WSR_TASK_BACKEND = "database"
    run = remember.enqueue(value="once")
    assert run_claimed(run_id=str(run.pk), transport_id="m1") == "done"
    assert run_claimed(run_id=str(run.pk), transport_id="m2") == "skipped"
    assert SEEN == ["once"]
    run.refresh_from_db()
    assert run.state == TaskRun.State.DONE and run.attempts == 1 and run.transport_id == "m1"
    assert run.lease_until is None and run.finished_at is not None


def test_a_run_under_a_live_lease_is_not_taken_by_a_second_worker(settings):
    settings.WSR_TASK_BACKEND = "database"
    run = remember.enqueue(value="busy")
    TaskRun.objects.filter(pk=run.pk).update(
        state=TaskRun.State.RUNNING, worker_id="other:1:x", lease_until=tasks.clock.now() + dt.timedelta(minutes=1)
    )
    assert run_claimed(run_id=str(run.pk)) == "skipped"
    assert SEEN == []
    assert tasks_recover() == 0


def test_a_failing_task_is_recorded_with_its_exception_class_only(settings):
    settings.WSR_TASK_BACKEND = "database"
    run = explode.enqueue(value="Maria Lopez")
    assert run_claimed(run_id=str(run.pk)) == "failed"
    run.refresh_from_db()
    assert run.state == TaskRun.State.FAILED and run.error == "LookupError"
    assert "Maria" not in run.error


def test_a_run_whose_worker_died_is_queued_again_once_and_then_runs(settings):
    settings.WSR_TASK_BACKEND = "database"
    settings.WSR_TASK_LEASE_SECONDS = 60
    with time_machine.travel(T0, tick=False) as traveller:
        run = remember.enqueue(value="again")
        first = DBTaskResult.objects.get()
        DBTaskResult.objects.filter(pk=first.pk).update(status="RUNNING")  # the worker took the message...
        TaskRun.objects.filter(pk=run.pk).update(  # ...claimed the run, and was killed
            state=TaskRun.State.RUNNING,
            worker_id="dead:1:x",
            transport_id=str(first.pk),
            attempts=1,
            lease_until=T0 + dt.timedelta(seconds=60),
        )
        assert tasks_recover() == 0  # the lease still runs
        traveller.move_to(T0 + dt.timedelta(seconds=61))
        assert tasks_recover() == 1
        assert tasks_recover() == 0  # queued again once, not at every tick
        first.refresh_from_db()
        assert first.status == "FAILED" and first.exception_class_path == "wsr.core.tasks.WorkerLost"
        second = DBTaskResult.objects.exclude(pk=first.pk).get()
        assert second.args_kwargs["kwargs"] == {"run_id": str(run.pk)}
        assert run_claimed(run_id=str(run.pk), transport_id=str(second.pk)) == "done"
    run.refresh_from_db()
    assert run.state == TaskRun.State.DONE and run.attempts == 2
    assert SEEN == ["again"]


def test_a_run_whose_queue_message_was_lost_is_queued_again(settings):
    settings.WSR_TASK_BACKEND = "database"
    settings.WSR_TASK_REQUEUE_AFTER_SECONDS = 300
    with time_machine.travel(T0, tick=False) as traveller:
        run = remember.enqueue(value="lost")
        DBTaskResult.objects.all().delete()  # as if Redis lost the message
        traveller.move_to(T0 + dt.timedelta(seconds=299))
        assert tasks_recover() == 0
        traveller.move_to(T0 + dt.timedelta(seconds=301))
        assert tasks_recover() == 1
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"run_id": str(run.pk)}


def test_each_periodic_job_is_enqueued_once_per_period(settings):
    settings.WSR_TASK_BACKEND = "database"
    settings.WSR_PERIODIC_TASKS = {
        "test.quick": ("tests.core.test_tasks.periodic_target", 60),
        "test.hourly": ("tests.core.test_tasks.periodic_target", 3600),
    }
    with time_machine.travel(T0, tick=False) as traveller:
        assert sorted(periodic_enqueue_due()) == ["test.hourly", "test.quick"]
        assert periodic_enqueue_due() == []  # a second scheduler in the same minute
        traveller.move_to(T0 + dt.timedelta(seconds=45))  # next minute
        assert periodic_enqueue_due() == ["test.quick"]
    slots = PeriodicSlot.objects.order_by("slot_start", "name")
    assert [(s.name, s.slot_start.strftime("%H:%M:%S")) for s in slots] == [
        ("test.hourly", "10:00:00"),
        ("test.quick", "10:00:00"),
        ("test.quick", "10:01:00"),
    ]
    runs = TaskRun.objects.filter(task_path="wsr.core.tasks.periodic_run")
    assert sorted(r.kwargs["name"] for r in runs) == ["test.hourly", "test.quick", "test.quick"]
    assert all(s.run_id is not None for s in slots)
    for run in runs:
        run_claimed(run_id=str(run.pk))
    assert SEEN == ["periodic"] * 3


def test_a_period_another_scheduler_took_is_skipped(settings, monkeypatch):
    settings.WSR_TASK_BACKEND = "database"
    settings.WSR_PERIODIC_TASKS = {"test.quick": ("tests.core.test_tasks.periodic_target", 60)}
    with time_machine.travel(T0, tick=False):
        PeriodicSlot.objects.create(name="test.quick", slot_start=T0.replace(second=0), enqueued_at=T0)
        monkeypatch.setattr(tasks, "_slot_taken", lambda name, slot: False)  # both saw no row yet
        assert periodic_enqueue_due() == []
    assert PeriodicSlot.objects.count() == 1
    assert TaskRun.objects.count() == 0  # the losing scheduler's run rolled back with its slot


def periodic_target() -> None:
    SEEN.append("periodic")


def test_the_default_periodic_jobs_are_the_sweeps_and_the_outbox_flush(settings):
    from django.utils.module_loading import import_string

    names = set(settings.WSR_PERIODIC_TASKS)
    assert {"outbox.flush", "complaints.sla_sweep", "audits.cap_overdue_sweep", "agreements.sweep"} <= names
    for path, every in settings.WSR_PERIODIC_TASKS.values():
        assert callable(import_string(path)) and every > 0


def test_the_scheduler_tick_runs_due_periodic_jobs_inline_in_tests(settings):
    settings.WSR_PERIODIC_TASKS = {"test.quick": ("tests.core.test_tasks.periodic_target", 60)}
    with time_machine.travel(T0, tick=False):
        scheduler_tick()
        scheduler_tick()
    assert SEEN == ["periodic"]
    assert PeriodicSlot.objects.get().run is None


def test_old_finished_runs_slots_and_queue_rows_are_pruned(settings):
    settings.WSR_TASK_BACKEND = "database"
    settings.WSR_TASK_KEEP_DAYS = 14
    with time_machine.travel(T0, tick=False) as traveller:
        done = remember.enqueue(value="old")
        run_claimed(run_id=str(done.pk))
        DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=T0)
        pending = remember.enqueue(value="waiting")
        PeriodicSlot.objects.create(name="x", slot_start=T0, enqueued_at=T0)
        traveller.move_to(T0 + dt.timedelta(days=15))
        assert tasks_prune() == 3
    assert list(TaskRun.objects.values_list("pk", flat=True)) == [pending.pk]
    assert DBTaskResult.objects.count() == 1


def test_an_unknown_run_id_is_skipped():
    assert run_claimed(run_id=str(uuid.uuid4())) == "skipped"
