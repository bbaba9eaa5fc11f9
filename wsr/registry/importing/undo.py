"""Undoing an import as a whole: the facilities it created go, with their program links and the
brand's sourcing relations it wrote, while nothing else refers to them.

"Something else" is anything that keeps a facility's history: another import's report row, a
link to another program, another brand's sourcing, an audit, a finding, a corrective action, a
complaint, an education session. Then the import is refused with the reason and nothing changes.
Facilities the import only matched were there before it and stay, links included.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from wsr.core.errors import ConcurrentChange, DomainError, NotFound
from wsr.core.events import event_record, event_record_many
from wsr.core.permissions import Actor
from wsr.core.transparency import transparency_append
from wsr.programs.models import Program
from wsr.registry.capabilities import RegistryCapability
from wsr.registry.errors import RegistryErrorCode
from wsr.registry.events import RegistryEvent
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


def import_job_undo(*, actor: Actor, program: Program, job_public_id: str) -> ImportJob:
    """Remove what a finished import created, or refuse with the reason (nothing changes)."""
    job = ImportJob.objects.select_related("brand").filter(program=program, public_id=job_public_id).first()
    if job is None:
        raise NotFound(_("import"))
    if not actor.is_system:
        actor.require(RegistryCapability.IMPORT, program.pk)
    if job.status != ImportStatus.DONE:
        raise DomainError(_("Only a finished import can be undone."), code=RegistryErrorCode.CONFLICT)
    created = ImportRow.objects.filter(job=job).filter(
        Q(outcome=RowOutcome.CREATED) | Q(outcome=RowOutcome.REVIEW, resolution=Resolution.NEW)
    )
    facility_ids = sorted(set(created.exclude(facility=None).values_list("facility_id", flat=True)))
    blockers = _blockers(job, program, facility_ids)
    if blockers:
        raise DomainError(
            _("This import cannot be undone: %(what)s refer to facilities it created. Nothing was changed.")
            % {"what": "; ".join(blockers)},
            code=RegistryErrorCode.CONFLICT,
        )
    with transaction.atomic():
        moved = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.DONE).update(status=ImportStatus.UNDONE)
        if moved != 1:
            raise ConcurrentChange(_("import"))
        facilities = list(Facility.objects.filter(pk__in=facility_ids).order_by("pk"))
        removed = [f.public_id for f in facilities]
        event_record_many(
            actor=actor,
            objs=facilities,
            verb=RegistryEvent.FACILITY_REMOVED,
            after="removed",
            reason=_("Import of %(file)s undone") % {"file": job.filename},
            program_public_id=program.public_id,
            data={"import": job.public_id},
        )
        ImportRow.objects.filter(job=job, facility_id__in=facility_ids).update(facility=None)
        ImportRow.objects.filter(job=job, candidate_id__in=facility_ids).update(candidate=None)
        ProgramFacility.objects.filter(program=program, facility_id__in=facility_ids).delete()
        SourcingRelation.objects.filter(program=program, brand=job.brand, facility_id__in=facility_ids).delete()
        try:
            Facility.objects.filter(pk__in=facility_ids).delete()
        except ProtectedError as exc:  # a reference written since the check: refuse, roll back
            names = sorted({str(o._meta.verbose_name_plural) for o in exc.protected_objects})
            raise DomainError(
                _("This import cannot be undone: %(what)s refer to facilities it created. Nothing was changed.")
                % {"what": ", ".join(names)},
                code=RegistryErrorCode.CONFLICT,
            ) from exc
        job.refresh_from_db()
        event_record(
            actor=actor,
            obj=job,
            verb=RegistryEvent.IMPORT_UNDONE,
            before=ImportStatus.DONE,
            after=ImportStatus.UNDONE,
            data={"facilities_removed": len(removed), "facilities": removed[:1000]},
            program_public_id=program.public_id,
        )
        transparency_append(
            stream=program.log_stream,
            kind="facility_list_import_undone",
            payload={"import": job.public_id, "facilities_removed": len(removed)},
        )
    return job


def _blockers(job: ImportJob, program: Program, facility_ids: list[int]) -> list[str]:
    """What, besides this import, refers to the facilities it created (names of things, never
    their content)."""
    if not facility_ids:
        return []
    found: list[str] = []
    other_rows = (
        ImportRow.objects.filter(Q(facility_id__in=facility_ids) | Q(candidate_id__in=facility_ids))
        .exclude(job=job)
        .select_related("job")
    )
    files = sorted({row.job.filename for row in other_rows[:50]})
    if files:
        found.append(_("later imports (%(files)s)") % {"files": ", ".join(files[:5])})
    programs = sorted(
        set(
            ProgramFacility.objects.filter(facility_id__in=facility_ids)
            .exclude(program=program)
            .values_list("program__name", flat=True)
        )
    )
    if programs:
        found.append(_("other programs (%(names)s)") % {"names": ", ".join(programs[:5])})
    brands = sorted(
        set(
            SourcingRelation.objects.filter(facility_id__in=facility_ids)
            .exclude(program=program, brand=job.brand)
            .values_list("brand__name", flat=True)
        )
    )
    if brands:
        found.append(_("other brands' sourcing (%(names)s)") % {"names": ", ".join(brands[:5])})
    for relation in Facility._meta.related_objects:
        model = relation.related_model
        if isinstance(model, str) or model in (ImportRow, ProgramFacility, SourcingRelation):
            continue
        if not relation.one_to_many:
            continue
        if model._default_manager.filter(**{f"{relation.field.name}_id__in": facility_ids}).exists():
            found.append(str(model._meta.verbose_name_plural))
    return found
