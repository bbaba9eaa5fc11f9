"""An import whose worker dies mid-run (SIGKILL, power cut) resumes after its last committed batch
when the task queue runs it again: no row reported twice, no facility created twice, the file kept
until the job is finished."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.registry.importing import services
from wsr.registry.importing.services import _stored_file, import_job_create, import_job_run
from wsr.registry.models import Facility, ImportJob, ImportRow, ImportStatus

LIST = Path(__file__).resolve().parents[1] / "data" / "facility-lists" / "brand-list-2.csv"


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler in the import marks the job failed."""


def _die_on_second_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    real = services.event_record_many
    calls = {"n": 0}

    def dying(**kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise WorkerKilled
        return real(**kwargs)

    monkeypatch.setattr(services, "event_record_many", dying)


def test_an_import_killed_mid_run_resumes_after_its_last_batch(personas, settings, monkeypatch):
    settings.WSR_TASK_BACKEND = "database"  # queued, not run: the test plays the worker
    monkeypatch.setattr(services, "BATCH_SIZE", 20)
    facilities_before = Facility.objects.count()
    job = import_job_create(
        actor=Actor.system("import"), program=personas.program, data=LIST.read_bytes(), filename=LIST.name
    )
    assert job.status == ImportStatus.QUEUED

    _die_on_second_batch(monkeypatch)
    with pytest.raises(WorkerKilled):
        import_job_run(job_id=job.public_id)
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    assert job.processed_rows == 20  # the first batch committed, the second rolled back
    assert ImportRow.objects.filter(job=job).count() == 20
    assert _stored_file(job).exists(), "the file is kept for the run that resumes"

    monkeypatch.undo()
    monkeypatch.setattr(services, "BATCH_SIZE", 20)
    import_job_run(job_id=job.public_id)  # the queue runs the task again once its lease lapsed

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    lines = list(ImportRow.objects.filter(job=job).values_list("line", flat=True))
    assert len(lines) == len(set(lines)) == job.total_rows == job.processed_rows
    assert job.created_count + job.matched_count + job.review_count + job.rejected_count == job.total_rows
    assert Facility.objects.count() - facilities_before == job.created_count
    created_events = Event.objects.filter(verb="facility_created").count()
    assert created_events == job.created_count
    assert Event.objects.filter(verb="import_finished", object_public_id=job.public_id).count() == 1
    assert not _stored_file(job).exists()

    again = import_job_create(
        actor=Actor.system("import"),
        program=personas.program,
        data=LIST.read_bytes(),
        filename=LIST.name,
        run_now=True,
    )
    assert again.created_count == 0, "nothing the resumed import wrote is duplicated"


def test_a_finished_job_run_again_changes_nothing(personas):
    job = import_job_create(
        actor=Actor.system("import"),
        program=personas.program,
        data=LIST.read_bytes(),
        filename=LIST.name,
        run_now=True,
    )
    rows = ImportRow.objects.filter(job=job).count()

    import_job_run(job_id=job.public_id)

    assert ImportRow.objects.filter(job=job).count() == rows
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
