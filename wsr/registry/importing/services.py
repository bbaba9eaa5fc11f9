"""Importing a facility list: create the job (refusing files that are not lists), run it, and
resolve the rows that needed a person's decision.

A run reads the stored file again, matches every valid row against an in-memory candidate index
(``matcher.CandidateIndex``) and writes in batches of ``BATCH_SIZE`` rows, one transaction per
batch: new facilities, program links, sourcing relations, the per-row report, the
``facility_created`` events and the job's progress. A web page polling the job therefore sees
progress, and a long import never holds the database for minutes. The last transaction marks the
job done, records ``import_finished`` and appends ``facility_list_imported`` to the program's
transparency log.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from wsr.accounts.selectors import actor_for_user
from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError, NotFound
from wsr.core.events import event_record, event_record_many
from wsr.core.permissions import Actor
from wsr.core.tasks import task
from wsr.core.transparency import transparency_append
from wsr.programs.models import Program
from wsr.registry.capabilities import RegistryCapability
from wsr.registry.errors import RegistryErrorCode
from wsr.registry.importing.linkage import Record
from wsr.registry.importing.matcher import CandidateIndex, record_for
from wsr.registry.importing.reading import ImportRefused, ParsedFile, ParsedRow, read_facility_file
from wsr.registry.importing.scope import ScopeReport, scope_check
from wsr.registry.matching import facility_match_key
from wsr.registry.models import (
    Facility,
    ImportJob,
    ImportRow,
    ImportStatus,
    ProgramFacility,
    Resolution,
    RowOutcome,
    SourcingRelation,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


class ImportJobRefused(ImportRefused):
    """Raised by ``import_job_create``: carries the failed job (status "failed", the message)."""

    def __init__(self, message: Any, job: ImportJob) -> None:
        super().__init__(message)
        self.job = job


class ImportOutOfScope(ImportJobRefused):
    """Some rows fall outside the program's countries or sector: nothing was written; the same
    file is accepted when the uploader confirms (``accept_out_of_scope=True``)."""

    def __init__(self, message: Any, job: ImportJob, report: ScopeReport) -> None:
        super().__init__(message, job)
        self.report = report


def _scope_message(program: Program, report: ScopeReport, total: int) -> str:
    parts = []
    if report.countries:
        parts.append(
            _("countries %(found)s are not among the program's (%(allowed)s)")
            % {
                "found": ", ".join(f"{c} ({n})" for c, n in report.countries.most_common(8)),
                "allowed": ", ".join(program.countries) or "-",
            }
        )
    if report.sectors:
        parts.append(
            _("sectors %(found)s do not fit a program in %(sector)s")
            % {
                "found": ", ".join(f"{s} ({n})" for s, n in report.sectors.most_common(5)),
                "sector": program.get_sector_display(),
            }
        )
    return _(
        "%(count)s of %(total)s rows are outside this program: %(why)s. Nothing was imported. If the list "
        "is right, upload it again and tick “Import rows outside the program”."
    ) % {"count": report.rows, "total": total, "why": "; ".join(parts)}


def _require(actor: Actor, capability: RegistryCapability, program: Program) -> None:
    """Every actor needs the capability in the program, anonymous ones included; only the
    platform itself (``Actor.system``: management commands, the background run) goes without."""
    if not actor.is_system:
        actor.require(capability, program.pk)


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stored_file(job: ImportJob) -> Path:
    return _upload_dir() / f"{job.public_id}.upload"


def import_job_create(
    *,
    actor: Actor,
    program: Program,
    data: bytes,
    filename: str,
    brand: Any = None,
    run_now: bool = False,
    accept_out_of_scope: bool | None = None,
) -> ImportJob:
    """Check the file is a facility list and queue its import (or run it at once).

    A file that is not a list raises ``ImportJobRefused`` after recording a failed job with the
    message; nothing else is written (no facilities, no events). Rows outside the program's
    countries or sector raise ``ImportOutOfScope`` the same way unless ``accept_out_of_scope``;
    left unset, people are warned and the platform's own runs (management commands, whose
    operator chose the file) accept, the count being recorded on the ``import_finished`` event.
    """
    _require(actor, RegistryCapability.IMPORT, program)
    job = ImportJob.objects.create(
        program=program,
        brand=brand,
        uploaded_by=actor.user,
        filename=(filename or "upload")[-255:],
        sha256=hashlib.sha256(data).hexdigest(),
        created_at=clock.now(),
    )
    try:
        parsed = read_facility_file(data, filename=filename, max_bytes=settings.WSR_IMPORT_MAX_BYTES)
    except ImportRefused as exc:
        job.status, job.error, job.finished_at = ImportStatus.FAILED, str(exc.message), clock.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise ImportJobRefused(exc.message, job) from exc
    job.total_rows = len(parsed.rows)
    job.save(update_fields=["total_rows"])
    report = scope_check(
        program_sector=program.sector,
        program_countries=program.countries,
        rows=[(r.line, r.country, r.data.get("sectors") or []) for r in parsed.rows if r.ok],
    )
    accept = actor.is_system if accept_out_of_scope is None else accept_out_of_scope
    if report and not accept:
        message = _scope_message(program, report, len(parsed.rows))
        job.status, job.error, job.finished_at = ImportStatus.FAILED, message, clock.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise ImportOutOfScope(message, job, report)
    if run_now:
        _run(job, parsed, actor)
    else:
        _stored_file(job).write_bytes(data)
        import_job_run.enqueue(job_id=job.public_id)
    job.refresh_from_db()
    return job


@task
def import_job_run(*, job_id: str) -> None:
    """Run a queued import (the background half of ``import_job_create``).

    A job found ``running`` is one whose worker died mid-import (the task queue runs a task again
    only once its lease lapsed): it resumes after the last committed batch, so no row is reported
    twice and no facility is created twice. The stored file is kept until the job is finished."""
    job = ImportJob.objects.select_related("program", "brand", "uploaded_by").get(public_id=job_id)
    path = _stored_file(job)
    if job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        path.unlink(missing_ok=True)
        return
    try:
        try:
            parsed = read_facility_file(path.read_bytes(), filename=job.filename)
        except (OSError, ImportRefused) as exc:
            message = (
                exc.message if isinstance(exc, ImportRefused) else _("The uploaded file was lost; upload it again.")
            )
            ImportJob.objects.filter(pk=job.pk, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)).update(
                status=ImportStatus.FAILED, error=str(message), finished_at=clock.now()
            )
            path.unlink(missing_ok=True)
            return
        actor = actor_for_user(job.uploaded_by) if job.uploaded_by else Actor.system("import")
        _run(job, parsed, actor)
    except Exception:
        path.unlink(missing_ok=True)  # the job is marked failed: nothing will read the file again
        raise
    path.unlink(missing_ok=True)


def _facility_from_row(row_data: dict[str, Any], key: str) -> Facility:
    lat, lng = row_data.get("lat") or None, row_data.get("lng") or None
    return Facility(
        name=row_data["name"][:300],
        address=row_data["address"],
        country=row_data["country"],
        lat=lat,
        lng=lng,
        sectors=row_data.get("sectors") or [],
        product_types=row_data.get("product_types") or [],
        facility_types=row_data.get("facility_types") or [],
        worker_count=row_data.get("number_of_workers"),
        parent_company=row_data.get("parent_company") or "",
        os_id=row_data.get("os_id") or "",
        match_key=key,
    )


def _record_pk(record: Record | None) -> int | None:
    """A record's facility id: an existing facility's id, or the id a new one got on insert."""
    if record is None:
        return None
    return record.ref if isinstance(record.ref, int) else record.ref.pk


def _load_index(countries: set[str], os_ids: set[str] | None = None) -> CandidateIndex:
    index = CandidateIndex()
    existing = (
        Facility.objects.filter(country__in=sorted(countries))
        .order_by("pk")
        .values_list("pk", "name", "address", "country", "lat", "lng", "os_id", "match_key")
    )
    for pk, name, address, country, lat, lng, os_id, key in existing.iterator(chunk_size=5000):
        record = record_for(name=name, address=address, country=country, lat=lat, lng=lng, os_id=os_id, ref=pk)
        index.add(record, key)
    if os_ids:  # a facility with the row's OS ID may be filed under another country
        elsewhere = Facility.objects.filter(os_id__in=sorted(os_ids or ())).exclude(country__in=sorted(countries))
        for pk, name, address, country, lat, lng, os_id in elsewhere.values_list(
            "pk", "name", "address", "country", "lat", "lng", "os_id"
        ):
            index.add(record_for(name=name, address=address, country=country, lat=lat, lng=lng, os_id=os_id, ref=pk))
    return index


def _run(job: ImportJob, parsed: ParsedFile, actor: Actor) -> None:
    if job.status == ImportStatus.RUNNING:  # resuming after a worker died mid-import
        moved = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).count()
    else:
        moved = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(
            status=ImportStatus.RUNNING, total_rows=len(parsed.rows)
        )
    if moved != 1:
        raise ConcurrentChange(_("import"))
    job.refresh_from_db()
    try:
        counts = _match_and_write(job, parsed.rows, actor)
    except Exception as exc:
        logger.exception("import %s failed", job.public_id)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            finished_at=clock.now(),
            error=_("The import stopped after %(done)s rows because of an internal error (%(error)s).")
            % {"done": ImportJob.objects.get(pk=job.pk).processed_rows, "error": type(exc).__name__},
        )
        raise
    program = job.program
    outside = scope_check(
        program_sector=program.sector,
        program_countries=program.countries,
        rows=[(r.line, r.country, r.data.get("sectors") or []) for r in parsed.rows if r.ok],
    ).rows
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, finished_at=clock.now())
        job.refresh_from_db()
        event_record(
            actor=actor,
            obj=job,
            verb="import_finished",
            before=ImportStatus.RUNNING,
            after=ImportStatus.DONE,
            data={"rows": len(parsed.rows), **counts, "outside_program": outside},
            program_public_id=program.public_id,
        )
        transparency_append(
            stream=program.log_stream,
            kind="facility_list_imported",
            payload={"import": job.public_id, "sha256": job.sha256, "rows": len(parsed.rows), **counts},
        )


def _match_and_write(job: ImportJob, rows: list[ParsedRow], actor: Actor) -> dict[str, int]:
    program, brand = job.program, job.brand
    today = clock.now().date()
    index = _load_index(
        {r.country for r in rows if r.ok}, {r.data["os_id"] for r in rows if r.ok and r.data.get("os_id")}
    )
    os_ids_to_keep: dict[int, str] = {}  # existing facility id -> OS ID a row carries for it
    linked = set(ProgramFacility.objects.filter(program=program).values_list("facility_id", flat=True))
    sourced = (
        set(SourcingRelation.objects.filter(program=program, brand=brand).values_list("facility_id", flat=True))
        if brand is not None
        else set()
    )
    counts: Counter[str] = Counter({o.value: 0 for o in RowOutcome})
    # Batches committed before a worker died are kept: their rows are reported, their facilities
    # are in the index already (loaded above), and the counts carry on from the job's.
    done_lines = set(ImportRow.objects.filter(job=job).values_list("line", flat=True))
    if done_lines:
        counts.update(
            {
                RowOutcome.CREATED.value: job.created_count,
                RowOutcome.MATCHED.value: job.matched_count,
                RowOutcome.REVIEW.value: job.review_count,
                RowOutcome.REJECTED.value: job.rejected_count,
            }
        )
        rows = [row for row in rows if row.line not in done_lines]
    processed = len(done_lines)
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        new_facilities: list[Facility] = []
        planned: list[tuple[ImportRow, Record | None, Record | None]] = []
        for row in batch:
            report = ImportRow(job=job, line=row.line, data=row.data)
            if not row.ok:
                report.outcome, report.reason = RowOutcome.REJECTED, row.reason
                planned.append((report, None, None))
                continue
            key = facility_match_key(row.data["name"], row.data["address"], row.country)
            record = record_for(
                name=row.data["name"],
                address=row.data["address"],
                country=row.country,
                lat=row.lat,
                lng=row.lng,
                os_id=row.data.get("os_id", ""),
            )
            match = index.best(record, key)
            if match is not None:
                report.data = {**row.data, "match": [[f, level, round(w, 1)] for f, level, w in match.reasons]}
            if match is not None and match.decision == "auto":
                report.outcome, report.score = RowOutcome.MATCHED, match.score
                planned.append((report, match.record, None))
                if record.os_id and not match.record.os_id:
                    match.record.os_id = record.os_id  # kept: the index now finds it by its OS ID
                    index.by_os_id.setdefault(record.os_id, match.record)
                    if isinstance(match.record.ref, int):
                        os_ids_to_keep[match.record.ref] = record.os_id
                    else:
                        match.record.ref.os_id = record.os_id
            elif match is not None:
                report.outcome, report.score = RowOutcome.REVIEW, match.score
                report.reason = _("Possible match (score %(score)s): confirm it or create a new facility.") % {
                    "score": match.score
                }
                planned.append((report, None, match.record))
            else:
                record.ref = _facility_from_row(row.data, key)
                new_facilities.append(record.ref)
                index.add(record, key)
                report.outcome = RowOutcome.CREATED
                planned.append((report, record, None))
        with transaction.atomic():
            Facility.objects.bulk_create(new_facilities, batch_size=BATCH_SIZE)
            reports, new_links, new_sourcing = [], [], []
            for report, facility_record, candidate_record in planned:
                report.facility_id = _record_pk(facility_record)
                report.candidate_id = _record_pk(candidate_record)
                reports.append(report)
                counts[report.outcome] += 1
                fid = report.facility_id
                if fid is None:
                    continue
                if fid not in linked:
                    linked.add(fid)
                    new_links.append(ProgramFacility(program=program, facility_id=fid, since=today))
                if brand is not None and fid not in sourced:
                    sourced.add(fid)
                    new_sourcing.append(SourcingRelation(program=program, brand=brand, facility_id=fid, since=today))
            ImportRow.objects.bulk_create(reports, batch_size=BATCH_SIZE)
            for facility_id, os_id in os_ids_to_keep.items():
                Facility.objects.filter(pk=facility_id, os_id="").update(os_id=os_id)
            os_ids_to_keep.clear()
            ProgramFacility.objects.bulk_create(new_links, batch_size=BATCH_SIZE, ignore_conflicts=True)
            SourcingRelation.objects.bulk_create(new_sourcing, batch_size=BATCH_SIZE, ignore_conflicts=True)
            event_record_many(
                actor=actor,
                objs=new_facilities,
                verb="facility_created",
                after="created",
                reason=_("Imported from %(file)s") % {"file": job.filename},
                program_public_id=program.public_id,
            )
            processed += len(batch)
            ImportJob.objects.filter(pk=job.pk).update(
                processed_rows=processed,
                created_count=counts[RowOutcome.CREATED],
                matched_count=counts[RowOutcome.MATCHED],
                review_count=counts[RowOutcome.REVIEW],
                rejected_count=counts[RowOutcome.REJECTED],
            )
    return {k: counts[k] for k in ("created", "matched", "review", "rejected")}


def import_row_resolve(*, actor: Actor, job_public_id: str, line: int, decision: str) -> ImportRow:
    """A person's decision on a "possible match": ``confirm`` links the row to the candidate,
    ``new`` creates a new facility from the row. Each row is decided once."""
    row = (
        ImportRow.objects.select_related("job__program", "job__brand", "candidate")
        .filter(job__public_id=job_public_id, line=line)
        .first()
    )
    if row is None:
        raise NotFound(_("import row"))
    job, program = row.job, row.job.program
    _require(actor, RegistryCapability.REVIEW_MATCHES, program)
    if decision not in ("confirm", "new"):
        raise DomainError(
            _("Choose either to confirm the match or to create a new facility."),
            code=RegistryErrorCode.IMPORT_CHOICE_INVALID,
        )
    if row.outcome != RowOutcome.REVIEW:
        raise DomainError(_("This row does not need a decision."), code=RegistryErrorCode.IMPORT_ROW_NEEDS_NO_DECISION)
    if row.resolution:
        raise DomainError(_("Someone already decided on this row."), code=RegistryErrorCode.CONFLICT)
    with transaction.atomic():
        if decision == "confirm":
            if row.candidate is None:
                raise DomainError(
                    _("This row has no candidate to confirm."), code=RegistryErrorCode.IMPORT_NO_CANDIDATE
                )
            facility = row.candidate
            resolution = Resolution.CONFIRMED
        else:
            key = facility_match_key(row.data["name"], row.data["address"], row.data["country"])
            facility = _facility_from_row(row.data, key)
            facility.save()
            event_record(
                actor=actor,
                obj=facility,
                verb="facility_created",
                after="created",
                reason=_("Imported from %(file)s after review") % {"file": job.filename},
                program_public_id=program.public_id,
            )
            resolution = Resolution.NEW
        moved = ImportRow.objects.filter(pk=row.pk, resolution=Resolution.PENDING).update(
            resolution=resolution, facility=facility, resolved_by=actor.user, resolved_at=clock.now()
        )
        if moved != 1:
            raise ConcurrentChange(_("import row"))
        today = clock.now().date()
        ProgramFacility.objects.get_or_create(program=program, facility=facility, defaults={"since": today})
        if job.brand is not None:
            SourcingRelation.objects.get_or_create(
                program=program, brand=job.brand, facility=facility, defaults={"since": today}
            )
        event_record(
            actor=actor,
            obj=job,
            verb="import_row_resolved",
            before=RowOutcome.REVIEW,
            after=resolution,
            data={
                "line": row.line,
                "facility": facility.public_id,
                "candidate": row.candidate.public_id if row.candidate else "",
                "score": row.score,
                # the comparison's reasons, so decisions can re-estimate the model's thresholds
                "match": row.data.get("match") or [],
            },
            program_public_id=program.public_id,
        )
    row.refresh_from_db()
    return row


def import_rows_resolve_many(*, actor: Actor, job_public_id: str, decisions: dict[int, str]) -> dict[str, int]:
    """A reviewer's decisions on several rows at once (line -> ``confirm`` | ``new``; anything
    else leaves the row waiting). Each decision goes through ``import_row_resolve`` and is
    recorded as its own event; a row someone else decided meanwhile is skipped and counted."""
    job = ImportJob.objects.select_related("program").filter(public_id=job_public_id).first()
    if job is None:
        raise NotFound(_("import"))
    _require(actor, RegistryCapability.REVIEW_MATCHES, job.program)
    counts = {"confirmed": 0, "new": 0, "skipped": 0}
    for line, decision in sorted(decisions.items()):
        if decision not in ("confirm", "new"):
            continue
        try:
            import_row_resolve(actor=actor, job_public_id=job_public_id, line=line, decision=decision)
        except (DomainError, NotFound):
            counts["skipped"] += 1
        else:
            counts["confirmed" if decision == "confirm" else "new"] += 1
    return counts
