"""A program's History page, readable: the label of each event kind in the reader's language
(``wsr.core.catalogue``) and the name of the object it concerns (a Code version's title, a CAP
item's action, a facility's name), never internal codes or ids. A facility-list import shows as
one line with a link to its report instead of one line per facility it created."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wsr.core import catalogue
from wsr.core.models import Event
from wsr.programs.models import Program

IMPORTED_FACILITY = "facility_created"
IMPORT_FINISHED = "import_finished"
MAX_NAME = 90


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: dt.datetime
    actor_label: str
    label: str  # what happened, in the reader's language
    object_kind: str  # "Code version", "Facility", ... in the reader's language
    object_name: str  # the object's human name
    detail: str = ""
    reason: str = ""
    link: str = ""  # e.g. the report of an import
    link_text: str = ""
    role_line: str = ""  # "Alice gave Bob the role Investigator." (wsr.accounts.events)
    changes: list[Change] = field(default_factory=list)


def _short(text: Any) -> str:
    value = " ".join(str(text or "").split())
    return value if len(value) <= MAX_NAME else value[: MAX_NAME - 1] + "…"


def _user_name(user: Any) -> str:
    full = getattr(user, "get_full_name", lambda: "")()
    return full or user.get_username()


# How each kind of object is named in a history (by "app_label.model"): human names only.
NAMERS: dict[str, Callable[[Any], str]] = {
    "agreements.agreement": lambda o: _("%(title)s (version %(n)s)") % {"title": o.title, "n": o.version},
    "standards.codeversion": lambda o: _("%(title)s (version %(n)s)") % {"title": o.title, "n": o.number},
    "audits.capitem": lambda o: o.action,
    "audits.finding": lambda o: _("§%(ref)s at %(facility)s") % {"ref": o.provision_ref, "facility": o.facility.name},
    "audits.audit": lambda o: (
        _("%(facility)s, planned for %(day)s") % {"facility": o.facility.name, "day": o.planned_on}
    ),
    "audits.auditorrosterentry": lambda o: str(o),
    "audits.commercialtie": lambda o: str(o),
    "education.session": lambda o: _("%(facility)s on %(day)s") % {"facility": o.facility.name, "day": o.held_on},
    "education.materialversion": lambda o: f"{o.title} ({o.language}, v{o.number})",
    "registry.facility": lambda o: o.name,
    "registry.importjob": lambda o: o.filename,
    "registry.participation": lambda o: o.organisation.name,
    "registry.sourcingrelation": lambda o: f"{o.brand.name} → {o.facility.name}",
    "registry.programfacility": lambda o: o.facility.name,
    "accounts.organisation": lambda o: o.name,
    "accounts.user": _user_name,
    "programs.program": lambda o: o.name,
    "programs.reportingseason": lambda o: o.name,
    # A complaint is never named (no case code, no narrative): its kind says enough here.
    "complaints.complaint": lambda o: "",
    "standing.facilitystanding": lambda o: o.facility.display_name,
    "standing.decision": lambda o: (
        _("%(target)s (%(grounds)s)") % {"target": o.target_label, "grounds": o.grounds_label}
    ),
    "standing.standingchange": lambda o: o.facility.display_name,
    "standing.zerotolerancecase": lambda o: (
        _("§%(ref)s at %(facility)s") % {"ref": o.provision_ref, "facility": o.facility.display_name}
    ),
    "standing.escalation": lambda o: f"{o.facility.display_name}: {o.get_status_display()}",
    "standing.notice": lambda o: (
        _("%(kind)s about %(facility)s, to %(organisation)s")
        % {"kind": o.get_kind_display(), "facility": o.facility.display_name, "organisation": o.organisation.name}
    ),
    "standing.objection": lambda o: f"{o.get_kind_display()}: {o.facility.display_name}",
    # An alert is named by its danger and workplace, never by its case code.
    "alerts.dangeralert": lambda o: (
        _("%(danger)s at %(facility)s")
        % {
            "danger": o.hazard_label or o.category_label,
            "facility": o.facility.display_name if o.facility else _("a workplace not in the list"),
        }
    ),
    "alerts.oncall": lambda o: _user_name(o.user),
    "alerts.notificationpreference": lambda o: _user_name(o.user),
    "ledger.payment": lambda o: (
        _("%(brand)s to %(facility)s, %(day)s")
        % {
            "brand": o.brand.name,
            "facility": o.facility.display_name,
            "day": o.paid_on,
        }
    ),
    "ledger.distribution": lambda o: (
        _("%(facility)s, pay period to %(day)s")
        % {
            "facility": o.facility.display_name,
            "day": o.period_end,
        }
    ),
    "purchases.purchaseupload": lambda o: (
        _("Purchase report from %(brand)s, %(day)s") % {"brand": o.brand.name, "day": o.created_at.date()}
    ),
    "purchases.cutandrunflag": lambda o: (
        _("Orders from %(facility)s dropped: %(brand)s") % {"brand": o.brand.name, "facility": o.facility.display_name}
    ),
    "ledger.finding": lambda o: (
        _("%(rule)s: %(brand)s at %(facility)s")
        % {
            "rule": o.get_rule_display(),
            "brand": o.brand.name,
            "facility": o.facility.display_name,
        }
    ),
}

# What kind of object, in the reader's language (model verbose names are not translated).
KINDS: dict[str, Any] = {
    "agreements.agreement": gettext_lazy("Agreement"),
    "standards.codeversion": gettext_lazy("Code version"),
    "audits.capitem": gettext_lazy("Corrective action"),
    "audits.finding": gettext_lazy("Finding"),
    "audits.audit": gettext_lazy("Audit"),
    "audits.auditorrosterentry": gettext_lazy("Auditor"),
    "audits.commercialtie": gettext_lazy("Commercial tie"),
    "education.session": gettext_lazy("Education session"),
    "education.materialversion": gettext_lazy("Material"),
    "registry.facility": gettext_lazy("Facility"),
    "registry.importjob": gettext_lazy("Facility list"),
    "registry.participation": gettext_lazy("Participation"),
    "registry.sourcingrelation": gettext_lazy("Sourcing"),
    "registry.programfacility": gettext_lazy("Facility"),
    "accounts.organisation": gettext_lazy("Organisation"),
    "accounts.user": gettext_lazy("User"),
    "programs.program": gettext_lazy("Program"),
    "programs.reportingseason": gettext_lazy("Season"),
    "complaints.complaint": gettext_lazy("Complaint"),
    "standing.facilitystanding": gettext_lazy("Facility standing"),
    "standing.decision": gettext_lazy("Standing decision"),
    "standing.standingchange": gettext_lazy("Facility standing"),
    "standing.zerotolerancecase": gettext_lazy("Zero-tolerance case"),
    "standing.escalation": gettext_lazy("Escalation"),
    "standing.notice": gettext_lazy("Enforcement notice"),
    "standing.objection": gettext_lazy("Worker organisation's request"),
    "alerts.dangeralert": gettext_lazy("Imminent-danger alert"),
    "alerts.oncall": gettext_lazy("On-call duty"),
    "alerts.notificationpreference": gettext_lazy("To-do e-mails"),
    "ledger.payment": gettext_lazy("Premium payment"),
    "ledger.distribution": gettext_lazy("Premium paid to workers"),
    "ledger.finding": gettext_lazy("Reconciliation finding"),
    "purchases.purchaseupload": gettext_lazy("Purchase report"),
    "purchases.cutandrunflag": gettext_lazy("Cut-and-run flag"),
}

# The related rows a namer reads, fetched with the objects (one query per kind of object).
RELATED: dict[str, tuple[str, ...]] = {
    "audits.finding": ("facility",),
    "audits.audit": ("facility",),
    "education.session": ("facility",),
    "registry.participation": ("organisation",),
    "registry.sourcingrelation": ("brand", "facility"),
    "registry.programfacility": ("facility",),
    "standing.facilitystanding": ("facility",),
    "standing.standingchange": ("facility",),
    "standing.zerotolerancecase": ("facility",),
    "standing.escalation": ("facility",),
    "standing.notice": ("facility", "organisation"),
    "standing.objection": ("facility",),
    "alerts.dangeralert": ("facility",),
    "alerts.oncall": ("user",),
    "alerts.notificationpreference": ("user",),
    "ledger.payment": ("brand", "facility"),
    "ledger.distribution": ("facility",),
    "ledger.finding": ("brand", "facility"),
    "purchases.purchaseupload": ("brand",),
    "purchases.cutandrunflag": ("brand", "facility"),
}


def _import_jobs(program: Program) -> list[Any]:
    from wsr.registry.models import ImportJob

    return list(
        ImportJob.objects.filter(program=program, finished_at__isnull=False).only(
            "public_id", "uploaded_by_id", "created_at", "finished_at", "filename"
        )
    )


def program_history(program: Program) -> QuerySet[Event]:
    """The program's events, newest first, without the one-per-facility events of an import
    (the import's own ``import_finished`` event stands for them)."""
    events = Event.objects.filter(program_public_id=program.public_id).select_related("actor_user", "object_type")
    imported = Q(verb=IMPORTED_FACILITY, data__has_key="import")
    for job in _import_jobs(program):
        imported |= Q(
            verb=IMPORTED_FACILITY,
            actor_user_id=job.uploaded_by_id,
            occurred_at__gte=job.created_at,
            occurred_at__lte=job.finished_at,
        )
    return events.exclude(imported)


def _objects(events: Sequence[Event]) -> dict[tuple[int, str], Any]:
    """The objects the events concern, fetched in one query per kind of object."""
    wanted: dict[int, set[str]] = defaultdict(set)
    for e in events:
        wanted[e.object_type_id].add(e.object_id)
    found: dict[tuple[int, str], Any] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        key = f"{model._meta.app_label}.{model._meta.model_name}"
        rows = model._default_manager.filter(pk__in=list(ids))
        if RELATED.get(key):
            rows = rows.select_related(*RELATED[key])
        for obj in rows:
            found[(type_id, str(obj.pk))] = obj
    return found


def _name(e: Event, obj: Any) -> tuple[str, str]:
    model = e.object_type.model_class()
    if model is None:
        return "", ""
    key = f"{model._meta.app_label}.{model._meta.model_name}"
    kind = str(KINDS.get(key) or str(model._meta.verbose_name).capitalize())
    if obj is None:
        return kind, _("(deleted)")
    namer = NAMERS.get(key)
    return kind, _short(namer(obj) if namer else obj)


def _changes(e: Event) -> list[Change]:
    changes = e.data.get("changes") if isinstance(e.data, dict) else None
    if not isinstance(changes, dict):
        return []
    return [
        Change(
            field=str(name).replace("_", " ").capitalize(),
            before=str(v.get("before", "")),
            after=str(v.get("after", "")),
        )
        for name, v in changes.items()
        if isinstance(v, dict)
    ]


def _import_line(e: Event, job: Any, program: Program) -> tuple[str, str, str]:
    data = e.data if isinstance(e.data, dict) else {}
    detail = _("%(rows)s rows: %(created)s facilities added, %(matched)s matched, %(review)s to review") % {
        "rows": data.get("rows", 0),
        "created": data.get("created", 0),
        "matched": data.get("matched", 0),
        "review": data.get("review", 0),
    }
    try:
        link = reverse("registry:import_detail", kwargs={"slug": program.slug, "job_id": job.public_id})
    except NoReverseMatch:  # pragma: no cover - the registry routes are always installed
        link = ""
    return detail, link, _("See the import report")


def _account_detail(e: Event) -> str:
    try:
        from wsr.accounts.events import account_event_line
    except ImportError:  # pragma: no cover
        return ""
    return account_event_line(verb=e.verb, actor_label=e.actor_label, data=e.data if isinstance(e.data, dict) else {})


def _provision(e: Event) -> str:
    ref = e.data.get("ref") if isinstance(e.data, dict) else None
    return _("Provision %(ref)s") % {"ref": ref} if ref else ""


def program_history_lines(events: Iterable[Event], program: Program) -> list[HistoryLine]:
    """One readable line per event, in the active language."""
    rows = list(events)
    objects = _objects(rows)
    lines = []
    for e in rows:
        obj = objects.get((e.object_type_id, e.object_id))
        kind, name = _name(e, obj)
        detail, link, link_text = "", "", ""
        if e.verb == IMPORT_FINISHED and obj is not None:
            detail, link, link_text = _import_line(e, obj, program)
        else:
            detail = _provision(e)
        lines.append(
            HistoryLine(
                occurred_at=e.occurred_at,
                actor_label=e.actor_label,
                label=catalogue.label(e.verb),
                object_kind=kind,
                object_name=name,
                detail=detail,
                reason=e.reason,
                link=link,
                link_text=link_text,
                role_line=_account_detail(e),
                changes=_changes(e),
            )
        )
    return lines


def object_history_lines(events: Iterable[Event]) -> list[HistoryLine]:
    """The history of one object (its own page names it already): labels, reasons, changes."""
    return [
        HistoryLine(
            occurred_at=e.occurred_at,
            actor_label=e.actor_label,
            label=catalogue.label(e.verb),
            object_kind="",
            object_name="",
            reason=e.reason,
            changes=_changes(e),
        )
        for e in events
    ]
