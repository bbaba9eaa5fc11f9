"""Corrective action plan items: drafted and agreed by the monitor, worked on and reported fixed
(with evidence) by the supplier, verified or reopened by the monitor; flagged daily when overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wsr.accounts.models import Organisation
from wsr.audits import transitions
from wsr.audits.capabilities import AuditCapability as AU
from wsr.audits.errors import AuditErrorCode
from wsr.audits.events import AuditEvent
from wsr.audits.models import CapFunding, CapItem, Finding, Payer
from wsr.audits.services._common import held, record, when
from wsr.audits.services.findings import evidence_discard, evidence_prepare
from wsr.audits.transitions import CapState
from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError, NotFound
from wsr.core.money import Money
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.registry.models import SourcingRelation

EDITABLE_FIELDS = ("action", "owner", "due_on", "payer")


@dataclass(frozen=True)
class FundingLine:
    organisation: Organisation
    amount_minor: int
    currency: str


def cap_item_public(item: CapItem) -> dict[str, Any]:
    """Public facts of a CAP item: where, which category, its state and dates. No action text."""
    return {
        "program": item.program.public_id,
        "cap_item": item.public_id,
        "finding": item.finding.public_id,
        "facility": item.facility.public_id,
        "category": item.category,
        "state": item.state,
        "due_on": item.due_on.isoformat() if item.due_on else None,
    }


def _check_fields(item_facility_id: int, program_id: int, payer: str, funding: list[FundingLine]) -> None:
    if payer and payer not in Payer.values:
        raise DomainError(
            _("Choose who pays: the supplier, the brand(s), or shared."), code=AuditErrorCode.CHOOSE_WHO_PAYS_SUPPLIER
        )
    from wsr.registry.models import Facility

    facility = Facility.objects.get(pk=item_facility_id)
    brands = set(
        SourcingRelation.objects.filter(program_id=program_id, facility_id=item_facility_id).values_list(
            "brand_id", flat=True
        )
    )
    seen = set()
    for line in funding:
        if line.organisation.pk in seen:
            raise DomainError(_("Give one amount per organisation."), code=AuditErrorCode.AMOUNT_PER_ORGANISATION)
        seen.add(line.organisation.pk)
        try:
            Money(int(line.amount_minor), line.currency)
        except (TypeError, ValueError) as exc:
            raise DomainError(
                _("Amounts are whole minor units with an ISO 4217 currency such as USD."),
                code=AuditErrorCode.AMOUNTS_WHOLE_MINOR_UNITS,
            ) from exc
        if line.amount_minor < 0:
            raise DomainError(_("Amounts cannot be negative."), code=AuditErrorCode.AMOUNTS_NEGATIVE)
        is_supplier = line.organisation.pk == facility.supplier_id
        is_brand = line.organisation.pk in brands
        if not (is_supplier or is_brand):
            raise DomainError(
                _("%(org)s neither owns nor buys from this facility.") % {"org": line.organisation.name},
                code=AuditErrorCode.ORG_NEITHER_OWNS_NOR,
            )
        if payer == Payer.SUPPLIER and not is_supplier:
            raise DomainError(
                _("When the supplier pays, only the supplier has an amount."),
                code=AuditErrorCode.WHEN_SUPPLIER_PAYS_SUPPLIER,
            )
        if payer == Payer.BRANDS and not is_brand:
            raise DomainError(
                _("When the brands pay, only brands that buy from the facility have amounts."),
                code=AuditErrorCode.WHEN_BRANDS_PAY_BRANDS,
            )


def _save_funding(item: CapItem, funding: list[FundingLine]) -> None:
    item.funding.all().delete()
    CapFunding.objects.bulk_create(
        [
            CapFunding(cap_item=item, organisation=f.organisation, amount_minor=f.amount_minor, currency=f.currency)
            for f in funding
        ]
    )


def cap_item_draft(
    *,
    actor: Actor,
    finding: Finding,
    action: str,
    owner: str,
    due_on: dt.date | None = None,
    payer: str = "",
    funding: list[FundingLine] | None = None,
    at: dt.datetime | None = None,
) -> CapItem:
    actor.require(AU.CAP_EDIT, finding.program_id)
    action, owner = action.strip(), owner.strip()
    if not action:
        raise DomainError(_("Describe the corrective action."), code=AuditErrorCode.DESCRIBE_CORRECTIVE_ACTION)
    _check_fields(finding.facility_id, finding.program_id, payer, funding or [])
    with transaction.atomic():
        item = CapItem.objects.create(
            finding=finding,
            program_id=finding.program_id,
            facility_id=finding.facility_id,
            category=finding.category,
            action=action,
            owner=owner,
            due_on=due_on,
            payer=payer,
            created_at=when(at),
            updated_at=when(at),
        )
        _save_funding(item, funding or [])
        record(
            actor,
            item,
            AuditEvent.CAP_ITEM_DRAFTED,
            finding.program,
            at=at,
            after=CapState.DRAFTED,
            data={"finding": finding.public_id, "facility": finding.facility.public_id, "category": item.category},
        )
    return item


def cap_item_update(
    *,
    actor: Actor,
    item: CapItem,
    action: str,
    owner: str,
    due_on: dt.date | None,
    payer: str,
    funding: list[FundingLine],
) -> CapItem:
    """Change a drafted item (once agreed, an item's terms are fixed)."""
    actor.require(AU.CAP_EDIT, item.program_id)
    if item.state not in transitions.CAP_EDITABLE:
        raise DomainError(_("Only a drafted item can be changed."), code=AuditErrorCode.DRAFTED_ITEM_CHANGED)
    action, owner = action.strip(), owner.strip()
    if not action:
        raise DomainError(_("Describe the corrective action."), code=AuditErrorCode.DESCRIBE_CORRECTIVE_ACTION)
    _check_fields(item.facility_id, item.program_id, payer, funding)
    with transaction.atomic():
        _save_funding(item, funding)
        workflow_step(
            actor=actor,
            obj=item,
            event=AuditEvent.CAP_ITEM_UPDATED,
            program=item.program,
            changes={"action": action, "owner": owner, "due_on": due_on, "payer": payer},
            guard={"state": CapState.DRAFTED},
        )
    return item


def cap_item_agree(*, actor: Actor, item: CapItem, at: dt.datetime | None = None) -> CapItem:
    """The plan is agreed: it needs an owner, a due date and who pays."""
    transitions.check_cap_move(item.state, CapState.AGREED, held(actor, item.program_id))
    if not item.owner or item.due_on is None or not item.payer:
        raise DomainError(
            _("Give the owner, the due date and who pays before agreeing the item."),
            code=AuditErrorCode.OWNER_DUE_DATE_WHO,
        )
    return _step(
        actor,
        item,
        CapState.AGREED,
        AuditEvent.CAP_ITEM_AGREED,
        at=at,
        changes={"agreed_at": when(at)},
        publish_it=True,
    )


def _require_own_facility(actor: Actor, item: CapItem) -> None:
    """Supplier steps: only users of the supplier that owns the facility (404 for anyone else)."""
    if actor.organisation_id is None or item.facility.supplier_id != actor.organisation_id:
        raise NotFound("CAP item")


def cap_item_start(*, actor: Actor, item: CapItem, at: dt.datetime | None = None) -> CapItem:
    transitions.check_cap_move(item.state, CapState.IN_PROGRESS, held(actor, item.program_id))
    _require_own_facility(actor, item)
    return _step(actor, item, CapState.IN_PROGRESS, AuditEvent.CAP_ITEM_STARTED, at=at)


def cap_item_report_fixed(
    *,
    actor: Actor,
    item: CapItem,
    note: str,
    photo: bytes | None,
    at: dt.datetime | None = None,
) -> CapItem:
    """The supplier reports the item fixed, with a photo or PDF as evidence."""
    transitions.check_cap_move(item.state, CapState.REPORTED_FIXED, held(actor, item.program_id))
    _require_own_facility(actor, item)
    if not photo:
        raise DomainError(_("Attach a photo (or a PDF) showing the fix."), code=AuditErrorCode.ATTACH_PHOTO_PDF_SHOWING)
    evidence = evidence_prepare(actor=actor, finding=item.finding, content=photo, note=note, cap_item=item, at=at)
    try:
        with transaction.atomic():
            evidence.save()
            _step(
                actor,
                item,
                CapState.REPORTED_FIXED,
                AuditEvent.CAP_ITEM_REPORTED_FIXED,
                at=at,
                reason=note.strip(),
                data={"evidence": evidence.public_id, "sha256": evidence.sha256},
                changes={
                    "reported_at": when(at),
                    "reported_by": actor.user,
                    "reported_by_organisation_id": actor.organisation_id,
                    "report_note": note.strip(),
                },
            )
    except Exception:
        evidence_discard(evidence)
        raise
    return item


def cap_item_verify(*, actor: Actor, item: CapItem, note: str = "", at: dt.datetime | None = None) -> CapItem:
    """The monitor saw the fix. Never the organisation that reported it."""
    transitions.check_cap_move(
        item.state,
        CapState.VERIFIED_FIXED,
        held(actor, item.program_id),
        actor_organisation_id=actor.organisation_id,
        reported_by_organisation_id=item.reported_by_organisation_id,
    )
    return _step(
        actor,
        item,
        CapState.VERIFIED_FIXED,
        AuditEvent.CAP_ITEM_VERIFIED,
        at=at,
        reason=note.strip(),
        publish_it=True,
        rules_kwargs={
            "actor_organisation_id": actor.organisation_id,
            "reported_by_organisation_id": item.reported_by_organisation_id,
        },
        changes={"verified_at": when(at), "verified_by": actor.user, "verify_note": note.strip()},
    )


def cap_item_reopen(*, actor: Actor, item: CapItem, reason: str, at: dt.datetime | None = None) -> CapItem:
    transitions.check_cap_move(item.state, CapState.REOPENED, held(actor, item.program_id))
    if not reason.strip():
        raise DomainError(_("Say why the fix is not accepted."), code=AuditErrorCode.SAY_WHY_FIX_ACCEPTED)
    return _step(
        actor,
        item,
        CapState.REOPENED,
        AuditEvent.CAP_ITEM_REOPENED,
        at=at,
        reason=reason.strip(),
        changes={"reopen_reason": reason.strip()},
    )


def _step(
    actor: Actor,
    item: CapItem,
    target: CapState,
    event: AuditEvent,
    *,
    at: dt.datetime | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    publish_it: bool = False,
    rules_kwargs: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> CapItem:
    """A CAP item's move through the workflow step; agreement and verification are public."""
    return workflow_step(
        actor=actor,
        obj=item,
        event=event,
        program=item.program,
        to=target,
        rules=transitions.check_cap_move,
        rules_kwargs=rules_kwargs,
        changes=changes,
        reason=reason,
        data=data,
        public=cap_item_public if publish_it else None,
        occurred_at=at,
    )


# --- the daily sweep -----------------------------------------------------------------------------


def cap_overdue_sweep(*, today: dt.date | None = None) -> int:
    """Flag items newly past their due date with work still open: one event (and one public log
    entry) per newly overdue item. Idempotent: a flagged item is not flagged again."""
    day = today or clock.today()
    sweeper = Actor.system("CAP overdue sweep")
    flagged = 0
    due = CapItem.objects.filter(
        state__in=list(transitions.CAP_OPEN_WORK), due_on__lt=day, overdue_since__isnull=True
    ).select_related("program", "facility", "finding")
    for item in due.order_by("pk"):
        try:
            workflow_step(
                actor=sweeper,
                obj=item,
                event=AuditEvent.CAP_ITEM_OVERDUE,
                program=item.program,
                changes={"overdue_since": day},
                guard={"overdue_since__isnull": True, "due_on__lt": day},
                stamp=None,
                event_before=item.state,
                event_after=item.state,
                data={"due_on": item.due_on.isoformat() if item.due_on else None},
                public=cap_item_public,
            )
        except ConcurrentChange:
            continue  # moved or flagged meanwhile: the next run sees it as it is
        flagged += 1
    return flagged
