"""Writes of purchase reports: record a report whole or refuse it whole.

One path for every source (API body, uploaded file run as a task, a list of rows from the demo):
lines are read one at a time, checked and priced (``validation.Checker``), and written in batches
inside ONE transaction. The first bad line stops the writing; the rest is still checked so the
report lists every error (the first ``MAX_ERRORS``); then the transaction rolls back and nothing
is stored. A worker killed mid-way leaves no batch behind (the transaction never committed), and
the task run starts again from the top.

Idempotent on (brand, line_id): a line equal to the brand's current line of that id changes
nothing; a different one writes a reversal of the current line (negated amounts) and a new line.
The partial unique index on (brand, line_id) WHERE current forbids a second current line, so two
racing uploads of one file cannot both add it. Docs: docs/decisions/0032-purchase-reports.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext, override

from wsr.accounts.models import Membership, Organisation, User
from wsr.accounts.roles import OrgKind, Role
from wsr.accounts.selectors import actor_for_user
from wsr.core import clock
from wsr.core.events import event_record
from wsr.core.outbox import outbox_enqueue
from wsr.core.permissions import Actor
from wsr.core.tasks import task
from wsr.programs.models import Program
from wsr.purchases import reading
from wsr.purchases.capabilities import PurchaseCapability as PU
from wsr.purchases.errors import LineError, PurchaseRefused
from wsr.purchases.errors import PurchaseErrorCode as E
from wsr.purchases.events import PurchasesEvent
from wsr.purchases.models import PurchaseLine, PurchaseUpload, UploadSource, UploadStatus
from wsr.purchases.validation import Checker, ValidLine

BATCH = 2000
MAX_ERRORS = 200
PROGRESS_EVERY = 10000


@dataclass
class IngestResult:
    added: int = 0
    unchanged: int = 0
    reversed: int = 0
    breaches: int = 0
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0
    lines: int = 0
    upload: PurchaseUpload | None = None

    @property
    def accepted(self) -> bool:
        return self.error_count == 0


class _Refused(Exception):
    """Raised inside the transaction to roll it back."""


def _brand_of(actor: Actor, program: Program, brand: Organisation | None) -> Organisation:
    if actor.is_system and brand is not None:
        return brand
    actor.require(PU.REPORT, program.pk)
    if actor.organisation_kind != OrgKind.BRAND or actor.organisation_id is None:
        raise PurchaseRefused(E.NOT_A_BRAND)
    return Organisation.objects.get(pk=actor.organisation_id)


def _upload_new(
    *, actor: Actor, program: Program, brand: Organisation, source: str, filename: str, fmt: str
) -> PurchaseUpload:
    return PurchaseUpload.objects.create(
        program=program,
        brand=brand,
        uploaded_by=actor.user if isinstance(actor.user, User) else None,
        source=source,
        filename=(filename or "")[-255:],
        file_format=fmt,
        status=UploadStatus.RUNNING,
        created_at=clock.now(),
        started_at=clock.now(),
    )


def purchases_ingest(
    *,
    actor: Actor,
    program: Program,
    rows: Iterable[Mapping[str, str]],
    source: str,
    filename: str = "",
    brand: Organisation | None = None,
) -> IngestResult:
    """Record rows (mappings with the CSV header's fields) for the actor's brand, whole or not at
    all. Row ``n`` of ``rows`` is reported as line ``n + 1`` (as if under a header line). ``brand``
    is honoured only for the platform's own actor (demo, management commands)."""
    owner = _brand_of(actor, program, brand)
    upload = _upload_new(actor=actor, program=program, brand=owner, source=source, filename=filename, fmt="rows")
    numbered = ((n, dict(row)) for n, row in enumerate(rows, start=2))
    return _ingest(actor=actor, upload=upload, items=numbered)


def purchases_ingest_stream(
    *, actor: Actor, program: Program, stream: IO[bytes], content_type: str, filename: str = ""
) -> IngestResult:
    """Record a report sent as a body (the API): CSV or JSON lines, read as it streams."""
    owner = _brand_of(actor, program, None)
    head = stream.read(4)
    stream.seek(0)
    fmt = reading.detect_format(head, filename, content_type)
    upload = _upload_new(actor=actor, program=program, brand=owner, source=UploadSource.API, filename=filename, fmt=fmt)
    return _ingest(actor=actor, upload=upload, items=_safe_read(stream, fmt))


# --- uploads run as a task ------------------------------------------------------------------------


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "purchases"


def upload_path(upload: PurchaseUpload) -> Path:
    return upload_dir() / f"{upload.public_id}.{upload.file_format or 'bin'}"


def progress_path(upload: PurchaseUpload) -> Path:
    return upload_dir() / f"{upload.public_id}.progress"


def purchase_upload_create(*, actor: Actor, program: Program, file: IO[bytes], filename: str) -> PurchaseUpload:
    """Keep an uploaded file on disk (streamed, never whole in memory) and queue its recording."""
    owner = _brand_of(actor, program, None)
    head = file.read(4)
    file.seek(0)
    fmt = reading.detect_format(head, filename)
    upload = PurchaseUpload(
        program=program,
        brand=owner,
        uploaded_by=actor.user if isinstance(actor.user, User) else None,
        source=UploadSource.WEB,
        filename=(filename or "upload")[-255:],
        file_format=fmt,
        status=UploadStatus.QUEUED,
        created_at=clock.now(),
    )
    path = upload_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    partial = path.with_suffix(path.suffix + ".part")
    with partial.open("wb") as out:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    partial.replace(path)
    upload.sha256, upload.size = digest.hexdigest(), size
    with transaction.atomic():
        upload.save()
        event_record(
            actor=actor,
            obj=upload,
            verb=PurchasesEvent.UPLOAD_RECEIVED,
            data={"filename": upload.filename[:100], "size": size, "format": fmt},
            program_public_id=program.public_id,
        )
        purchase_upload_run.enqueue(upload_id=upload.public_id)
    return upload


@task
def purchase_upload_run(*, upload_id: str) -> None:
    """Record an uploaded file (a task: idempotent; a killed run is started again from the top)."""
    upload = PurchaseUpload.objects.select_related("program", "brand", "uploaded_by").get(public_id=upload_id)
    if upload.finished:
        return
    PurchaseUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.RUNNING, started_at=clock.now())
    actor = actor_for_user(upload.uploaded_by) if upload.uploaded_by else Actor.system()
    path = upload_path(upload)
    progress = progress_path(upload)
    size = upload.size or 1
    with path.open("rb") as stream:

        def report(lines: int) -> None:
            try:
                done = min(stream.tell(), size)
            except (OSError, ValueError):
                done = 0
            progress.write_text(f"{lines} {done} {size}")

        try:
            _ingest(actor=actor, upload=upload, items=_safe_read(stream, upload.file_format), progress=report)
        except Exception as exc:  # rolled back: say so on the upload, then let the task run fail
            _fail(actor=actor, upload=upload, error=type(exc).__name__)
            raise
        finally:
            progress.unlink(missing_ok=True)


def _fail(*, actor: Actor, upload: PurchaseUpload, error: str) -> None:
    with transaction.atomic():
        PurchaseUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.FAILED, finished_at=clock.now())
        event_record(
            actor=actor,
            obj=upload,
            verb=PurchasesEvent.FAILED,
            after=UploadStatus.FAILED,
            data={"error": error[:100]},
            program_public_id=upload.program.public_id,
        )


def upload_progress(upload: PurchaseUpload) -> tuple[int, int]:
    """(lines checked so far, percent of the file read) of a running upload."""
    try:
        lines, done, size = (int(x) for x in progress_path(upload).read_text().split())
    except (OSError, ValueError):
        return 0, 0
    return lines, min(99, done * 100 // max(size, 1))


# --- the one path ---------------------------------------------------------------------------------


def _safe_read(stream: IO[bytes], fmt: str) -> Iterator[tuple[int, Any]]:
    """The reader's items; a refusal of the whole file (header, format) becomes line 1's error."""
    try:
        yield from reading.read(stream, fmt)
    except PurchaseRefused as exc:
        yield 1, LineError(1, "", exc.code, exc.params)


def _ingest(
    *,
    actor: Actor,
    upload: PurchaseUpload,
    items: Iterable[tuple[int, Any]],
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    result = IngestResult(upload=upload)
    checker = Checker(program=upload.program, brand=upload.brand)
    try:
        with transaction.atomic():
            writer = _Writer(upload=upload, result=result)
            batch: list[tuple[int, ValidLine]] = []
            for line, item in items:
                result.lines += 1
                got = checker.check(line, item) if not isinstance(item, LineError) else [item]
                if isinstance(got, list):
                    _note(result, got)
                elif not result.error_count:
                    batch.append((line, got))
                    if len(batch) >= BATCH:
                        writer.write(batch)
                        batch.clear()
                if progress is not None and result.lines % PROGRESS_EVERY == 0:
                    progress(result.lines)
            if batch and not result.error_count:
                writer.write(batch)
            if not result.lines:
                _note(result, [LineError(1, "", E.EMPTY)])
            if result.error_count:
                raise _Refused
            writer.finish(actor=actor)
    except _Refused:
        _refuse(actor=actor, upload=upload, result=result)
        return result
    upload.refresh_from_db(fields=["status"])
    return result


def _note(result: IngestResult, errors: list[LineError]) -> None:
    result.error_count += len(errors)
    room = MAX_ERRORS - len(result.errors)
    if room > 0:
        result.errors.extend(errors[:room])


def _refuse(*, actor: Actor, upload: PurchaseUpload, result: IngestResult) -> None:
    result.added = result.unchanged = result.reversed = result.breaches = 0
    with transaction.atomic():
        PurchaseUpload.objects.filter(pk=upload.pk).update(
            status=UploadStatus.REFUSED,
            total_lines=result.lines,
            processed_lines=result.lines,
            added=0,
            unchanged=0,
            reversed=0,
            breaches=0,
            error_count=result.error_count,
            errors=[e.as_json() for e in result.errors],
            finished_at=clock.now(),
        )
        event_record(
            actor=actor,
            obj=upload,
            verb=PurchasesEvent.REFUSED,
            after=UploadStatus.REFUSED,
            data={"lines": result.lines, "errors": result.error_count},
            program_public_id=upload.program.public_id,
        )
    upload.status = UploadStatus.REFUSED


_COLUMNS = (
    "public_id",
    "program_id",
    "brand_id",
    "agreement_id",
    "facility_id",
    "upload_id",
    "line_id",
    "date",
    "product",
    "quantity",
    "unit",
    "value_minor",
    "currency",
    "premium_minor",
    "eligible",
    "reverses_id",
    "current",
    "created_at",
)
_EXISTING = (
    "line_id",
    "pk",
    "upload_id",
    "program_id",
    "agreement_id",
    "facility_id",
    "date",
    "product",
    "quantity",
    "unit",
    "value_minor",
    "currency",
    "premium_minor",
    "eligible",
)


class _Writer:
    """Writes checked lines batch by batch inside the caller's transaction."""

    def __init__(self, *, upload: PurchaseUpload, result: IngestResult) -> None:
        self.upload = upload
        self.result = result
        self.created_at = connection.ops.adapt_datetimefield_value(clock.now())
        self.owner = (upload.program_id, upload.brand_id, upload.pk)
        self.breaches: dict[int, list[Any]] = {}  # facility pk -> [lines, first date, last date]

    def write(self, batch: list[tuple[int, ValidLine]]) -> None:
        up, result = self.upload, self.result
        first_line: dict[str, int] = {}
        repeated: list[LineError] = []
        for line, v in batch:
            if v.line_id in first_line:
                repeated.append(LineError(line, "line_id", E.REPEATED_LINE))
            else:
                first_line[v.line_id] = line
        existing = {row[0]: row for row in self._existing(list(first_line))}
        for line, v in batch:
            old = existing.get(v.line_id)
            if old is not None and old[2] == up.pk:
                repeated.append(LineError(line, "line_id", E.REPEATED_LINE))
        if repeated:
            _note(result, repeated)
            return
        rows: list[tuple[Any, ...]] = []
        retired: list[int] = []
        ids = iter(line_public_ids(2 * len(batch) if existing else len(batch)))
        for _line, v in batch:
            old = existing.get(v.line_id)
            if old is not None:
                if _same(old, v):
                    result.unchanged += 1
                    continue
                retired.append(old[1])
                rows.append(self._reversal(old, next(ids)))
                result.reversed += 1
            rows.append(self._row(v, next(ids)))
            result.added += 1
            if not v.eligible:
                result.breaches += 1
                seen = self.breaches.setdefault(v.facility_id, [0, v.date, v.date])
                seen[0] += 1
                seen[1], seen[2] = min(seen[1], v.date), max(seen[2], v.date)
        if retired:
            PurchaseLine.objects.filter(pk__in=retired).update(current=False)
        if rows:
            lines_insert(rows)

    def _existing(self, line_ids: list[str]) -> list[tuple[Any, ...]]:
        """The brand's current lines with these ids (raw SQL: the ORM spends longer resolving
        2,000 parameters than the database spends answering)."""
        if not line_ids:
            return []
        ops = connection.ops
        table = ops.quote_name(PurchaseLine._meta.db_table)
        columns = ", ".join(ops.quote_name("id" if c == "pk" else c) for c in _EXISTING)
        marks = ", ".join(["%s"] * len(line_ids))
        current = ops.quote_name("current")
        sql = f"SELECT {columns} FROM {table} WHERE brand_id = %s AND {current} AND line_id IN ({marks})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.upload.brand_id, *line_ids])
            rows = cursor.fetchall()
        if connection.vendor != "sqlite":
            return rows
        # SQLite hands back dates as text and numbers as it stored them: convert like the ORM does
        return [(*r[:6], _as_date(r[6]), r[7], Decimal(str(r[8])), *r[9:13], bool(r[13])) for r in rows]

    def _row(self, v: ValidLine, public_id: str) -> tuple[Any, ...]:
        program_id, brand_id, upload_id = self.owner
        return (
            public_id,
            program_id,
            brand_id,
            v.agreement_id,
            v.facility_id,
            upload_id,
            v.line_id,
            v.date,
            v.product,
            v.quantity,
            v.unit,
            v.value_minor,
            v.currency,
            v.premium_minor,
            v.eligible,
            None,
            True,
            self.created_at,
        )

    def _reversal(self, old: tuple[Any, ...], public_id: str) -> tuple[Any, ...]:
        (line_id, pk, _upload, program_id, agreement_id, facility_id, day, product, quantity, unit) = old[:10]
        value_minor, currency, premium_minor, eligible = old[10:]
        return (
            public_id,
            program_id,
            self.upload.brand_id,
            agreement_id,
            facility_id,
            self.upload.pk,
            line_id,
            day,
            product,
            -quantity,
            unit,
            -value_minor,
            currency,
            -premium_minor,
            eligible,
            pk,
            False,
            self.created_at,
        )

    def finish(self, *, actor: Actor) -> None:
        up, result = self.upload, self.result
        PurchaseUpload.objects.filter(pk=up.pk).update(
            status=UploadStatus.DONE,
            total_lines=result.lines,
            processed_lines=result.lines,
            added=result.added,
            unchanged=result.unchanged,
            reversed=result.reversed,
            breaches=result.breaches,
            error_count=0,
            errors=[],
            finished_at=clock.now(),
        )
        counts = {"lines": result.lines, "added": result.added, "unchanged": result.unchanged}
        counts |= {"reversed": result.reversed, "breaches": result.breaches}
        event_record(
            actor=actor,
            obj=up,
            verb=PurchasesEvent.RECORDED,
            after=UploadStatus.DONE,
            data=counts,
            program_public_id=up.program.public_id,
        )
        if self.breaches:
            _report_breaches(actor=actor, upload=up, breaches=self.breaches)
        if result.added or result.reversed:
            from wsr.purchases.cut_and_run import cut_and_run_scan_run

            cut_and_run_scan_run.enqueue(program_id=up.program.public_id)


ROWS_PER_STATEMENT = 1000  # x 18 columns: under SQLite's 32,766 and PostgreSQL's 65,535 parameters


def lines_insert(rows: list[tuple[Any, ...]]) -> None:
    """Insert purchase-line tuples (``_COLUMNS`` order) without building model instances: on
    PostgreSQL multi-row ``INSERT ... VALUES`` statements (as ``bulk_create``), on SQLite one
    statement with many parameter sets."""
    ops = connection.ops
    table = ops.quote_name(PurchaseLine._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _COLUMNS)
    one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # one short statement, many parameter sets: SQLite's fastest
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {one}", rows)  # noqa: S608
            return
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * len(chunk))  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])


_CROCKFORD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", b"0123456789abcdefghjkmnpqrstvwxyz")


def line_public_ids(count: int) -> list[str]:
    """``count`` ``pln_`` public ids like ``wsr.core.ids.new_public_id`` (80 random bits each, 16
    Crockford base32 characters), drawn in one call: a million lines need a million ids."""
    text = base64.b32encode(secrets.token_bytes(10 * count)).translate(_CROCKFORD).decode()
    return ["pln_" + text[i : i + 16] for i in range(0, 16 * count, 16)]


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _same(old: tuple[Any, ...], v: ValidLine) -> bool:
    return (
        old[5] == v.facility_id
        and old[6] == v.date
        and old[7] == v.product
        and old[8] == v.quantity
        and old[9] == v.unit
        and old[10] == v.value_minor
        and old[11] == v.currency
    )


def _report_breaches(*, actor: Actor, upload: PurchaseUpload, breaches: dict[int, list[Any]]) -> None:
    """One event on the upload and one e-mail to the program's monitors, naming each facility."""
    from wsr.registry.models import Facility

    names = dict(Facility.objects.filter(pk__in=list(breaches)).values_list("pk", "public_id"))
    facts = [
        {"facility": names.get(pk, ""), "lines": n, "from": first.isoformat(), "to": last.isoformat()}
        for pk, (n, first, last) in sorted(breaches.items(), key=lambda kv: names.get(kv[0], ""))
    ]
    event_record(
        actor=actor,
        obj=upload,
        verb=PurchasesEvent.BREACH_REPORTED,
        data={"brand": upload.brand.public_id, "facilities": facts[:100], "lines": upload_breach_count(facts)},
        program_public_id=upload.program.public_id,
    )
    program = upload.program
    recipients = sorted(
        {
            e
            for e in Membership.objects.filter(
                program=program, role__in=[Role.PROGRAM_ADMIN, Role.INVESTIGATOR]
            ).values_list("user__email", flat=True)
            if e
        }
    )
    with override(settings.LANGUAGE_CODE):
        subject = gettext("Purchases from an ineligible facility reported by %(brand)s") % {"brand": upload.brand.name}
        lines = [
            gettext("%(brand)s reported purchases from facilities that were not in good standing on the purchase date:")
            % {"brand": upload.brand.name},
            *[gettext("- %(facility)s: %(lines)s line(s) dated %(from)s to %(to)s") % fact for fact in facts[:100]],
            gettext("Report %(upload)s.") % {"upload": upload.public_id},
        ]
    for recipient in recipients:
        outbox_enqueue(
            recipient=recipient,
            subject=subject,
            body="\n".join(lines),
            kind="purchase_breach",
            dedupe_key=f"purchase-breach:{upload.public_id}:{recipient}",
            program_public_id=program.public_id,
        )


def upload_breach_count(facts: list[dict[str, Any]]) -> int:
    return sum(int(f["lines"]) for f in facts)
