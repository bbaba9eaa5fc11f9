"""Writes to agreements. One function per step; the only place an agreement's state changes.

Signing, activation, expiry and termination are public facts and go to the program's
transparency log (``agreement_public_summary``: no personal names, no commercial terms unless the
agreement says its terms are public). Every write records an event row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wsr.accounts.models import Organisation
from wsr.agreements import transitions
from wsr.agreements.capabilities import AgreementCapability
from wsr.agreements.errors import AgreementErrorCode
from wsr.agreements.events import AgreementEvent
from wsr.agreements.models import (
    Agreement,
    PremiumTerm,
    ReportingCadence,
    Signatory,
    SignatoryRole,
    TerminationReason,
)
from wsr.agreements.transitions import AgreementStatus
from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError
from wsr.core.events import event_record
from wsr.core.files import PDF
from wsr.core.files import sniff as sniff_file
from wsr.core.money import Money
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import PremiumKind, Program
from wsr.registry.models import Participation

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DRAFT_FIELDS = (
    "title",
    "effective_from",
    "effective_until",
    "reporting_cadence",
    "source_only_good_standing",
    "fund_remediation",
    "remediation_terms",
    "terms_public",
)


# --- public facts --------------------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def premium_term_public(term: PremiumTerm) -> dict[str, Any]:
    """A premium term as JSON without floats (amounts in minor units, rates in basis points)."""
    return {
        "kind": term.kind,
        "currency": term.currency,
        "amount_minor_per_unit": term.amount_minor_per_unit,
        "unit": term.unit,
        "basis_points": term.basis_points,
        "products": list(term.products),
    }


def agreement_public_summary(agreement: Agreement) -> dict[str, Any]:
    """What the public may know about an agreement: parties (organisations), version, dates and the
    signed document's digest. Never signatory names; premium terms only if ``terms_public``."""
    summary: dict[str, Any] = {
        "program": agreement.program.public_id,
        "agreement": agreement.public_id,
        "brand": agreement.brand.public_id,
        "brand_name": agreement.brand.name,
        "version": agreement.version,
        "previous": agreement.previous.public_id if agreement.previous_id else None,  # type: ignore[union-attr]
        "signed_on": _iso(agreement.signed_on),
        "effective_from": _iso(agreement.effective_from),
        "effective_until": _iso(agreement.effective_until),
        "document_sha256": agreement.document_sha256,
        "parties": sorted(
            {s.organisation.public_id for s in agreement.signatories.all() if s.role == SignatoryRole.PARTY}
        ),
    }
    if agreement.terms_public:
        summary["terms"] = {
            "premium": [premium_term_public(t) for t in agreement.premium_terms.all()],
            "source_only_good_standing": agreement.source_only_good_standing,
            "fund_remediation": agreement.fund_remediation,
            "reporting_cadence": agreement.reporting_cadence,
        }
    return summary


# --- helpers -------------------------------------------------------------------------------------


def _held(actor: Actor, program_id: int) -> frozenset[str]:
    return frozenset(actor.grants.get(program_id, frozenset()))


def _require_editable(actor: Actor, agreement: Agreement) -> None:
    actor.require(AgreementCapability.EDIT, agreement.program_id)
    if agreement.status not in transitions.EDITABLE:
        raise DomainError(
            _("This agreement is %(status)s: it can no longer be edited. Amend it to make a new version.")
            % {"status": agreement.status_label.lower()},
            code=AgreementErrorCode.AGREEMENT_STATUS_LONGER_EDITED,
        )


def _edit(
    actor: Actor,
    agreement: Agreement,
    event: AgreementEvent,
    *,
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """An edit in the current status, through the workflow step: refused if anybody changed the
    agreement since it was read (status and ``updated_at`` as read), recorded as ``event``."""
    workflow_step(
        actor=actor,
        obj=agreement,
        event=event,
        program=agreement.program,
        changes=changes,
        guard={"updated_at": agreement.updated_at},
        data=data,
        what="agreement",
    )


def _event(actor: Actor, agreement: Agreement, verb: AgreementEvent, **kwargs: Any) -> None:
    """Events on an agreement that is being created (no earlier state to guard)."""
    event_record(actor=actor, obj=agreement, verb=verb, program_public_id=agreement.program.public_id, **kwargs)


def _check_dates(effective_from: dt.date | None, effective_until: dt.date | None) -> None:
    if effective_from is None:
        raise DomainError(
            _("Give the date the agreement takes effect."), code=AgreementErrorCode.DATE_AGREEMENT_TAKES_EFFECT
        )
    if effective_until is not None and effective_until < effective_from:
        raise DomainError(
            _("The agreement cannot end before it takes effect."), code=AgreementErrorCode.AGREEMENT_END_TAKES_EFFECT
        )


# --- drafts ----------------------------------------------------------------------------------------


def agreement_draft_create(
    *,
    actor: Actor,
    program: Program,
    brand: Organisation,
    title: str,
    effective_from: dt.date,
    effective_until: dt.date | None = None,
    reporting_cadence: str = ReportingCadence.MONTHLY,
    source_only_good_standing: bool = True,
    fund_remediation: bool = False,
    remediation_terms: str = "",
    terms_public: bool = False,
    with_program_premium: bool = True,
) -> Agreement:
    """A draft agreement between the program's worker organisation and a participating brand.

    Both are added as parties (their signatories are filled in later). With
    ``with_program_premium`` the program's default premium becomes the first premium term."""
    actor.require(AgreementCapability.EDIT, program.pk)
    if not Participation.objects.filter(program=program, organisation=brand, kind="brand").exists():
        raise DomainError(
            _("%(name)s is not a brand in this program.") % {"name": brand.name},
            code=AgreementErrorCode.NAME_BRAND_PROGRAM,
        )
    if not title.strip():
        raise DomainError(_("Give the agreement a title."), code=AgreementErrorCode.AGREEMENT_TITLE)
    _check_dates(effective_from, effective_until)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            program=program,
            brand=brand,
            title=title.strip(),
            effective_from=effective_from,
            effective_until=effective_until,
            reporting_cadence=reporting_cadence,
            source_only_good_standing=source_only_good_standing,
            fund_remediation=fund_remediation,
            remediation_terms=remediation_terms.strip(),
            terms_public=terms_public,
            updated_at=clock.now(),
        )
        Signatory.objects.create(agreement=agreement, organisation=program.worker_organisation, position=0)
        Signatory.objects.create(agreement=agreement, organisation=brand, position=1)
        if with_program_premium:
            if program.premium_kind == PremiumKind.PER_UNIT and program.premium_minor_per_unit > 0:
                PremiumTerm.objects.create(
                    agreement=agreement,
                    kind=PremiumKind.PER_UNIT,
                    amount_minor_per_unit=program.premium_minor_per_unit,
                    unit=program.premium_unit,
                    currency=program.currency,
                )
            elif program.premium_kind == PremiumKind.PERCENT and program.premium_basis_points > 0:
                PremiumTerm.objects.create(
                    agreement=agreement,
                    kind=PremiumKind.PERCENT,
                    basis_points=program.premium_basis_points,
                    currency=program.currency,
                )
        _event(actor, agreement, AgreementEvent.DRAFTED, after=AgreementStatus.DRAFT, data={"brand": brand.public_id})
    return agreement


def agreement_draft_update(*, actor: Actor, agreement: Agreement, fields: dict[str, Any]) -> Agreement:
    _require_editable(actor, agreement)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise DomainError(
            f"Not an agreement field: {', '.join(sorted(unknown))}", code=AgreementErrorCode.AGREEMENT_FIELD
        )
    if "title" in fields:
        fields = {**fields, "title": (fields["title"] or "").strip()}
        if not fields["title"]:
            raise DomainError(_("Give the agreement a title."), code=AgreementErrorCode.AGREEMENT_TITLE)
    _check_dates(
        fields.get("effective_from", agreement.effective_from), fields.get("effective_until", agreement.effective_until)
    )
    changes = {k: v for k, v in fields.items() if getattr(agreement, k) != v}
    if not changes:
        return agreement
    before = {k: str(getattr(agreement, k)) for k in changes}
    _edit(
        actor,
        agreement,
        AgreementEvent.DRAFT_UPDATED,
        changes=changes,
        data={"changes": {k: {"before": before[k], "after": str(v)} for k, v in changes.items()}},
    )
    return agreement


def agreement_term_add(
    *,
    actor: Actor,
    agreement: Agreement,
    kind: str,
    currency: str,
    amount_minor_per_unit: int | None = None,
    unit: str = "",
    basis_points: int | None = None,
    products: list[str] | None = None,
) -> PremiumTerm:
    _require_editable(actor, agreement)
    try:
        Money(0, currency)
    except ValueError as exc:
        raise DomainError(
            _("The currency must be an ISO 4217 code such as USD or EUR."),
            code=AgreementErrorCode.CURRENCY_ISO_CODE_USD,
        ) from exc
    if kind == PremiumKind.PER_UNIT:
        if not amount_minor_per_unit or amount_minor_per_unit < 1 or not unit.strip():
            raise DomainError(
                _("A per-unit premium needs an amount above zero and a unit (e.g. lb)."),
                code=AgreementErrorCode.PER_UNIT_PREMIUM_NEEDS,
            )
        basis_points = None
    elif kind == PremiumKind.PERCENT:
        if not basis_points or not 1 <= basis_points <= 10000:
            raise DomainError(
                _("A percentage premium needs between 1 and 10,000 basis points."),
                code=AgreementErrorCode.PERCENTAGE_PREMIUM_NEEDS_BETWEEN,
            )
        amount_minor_per_unit, unit = None, ""
    else:
        raise DomainError(
            _("Choose a per-unit or a percentage premium."), code=AgreementErrorCode.CHOOSE_PER_UNIT_PERCENTAGE
        )
    with transaction.atomic():
        term = PremiumTerm.objects.create(
            agreement=agreement,
            kind=kind,
            amount_minor_per_unit=amount_minor_per_unit,
            unit=unit.strip(),
            basis_points=basis_points,
            currency=currency,
            products=[p.strip() for p in (products or []) if p.strip()],
            position=agreement.premium_terms.count(),
        )
        _edit(actor, agreement, AgreementEvent.TERM_ADDED, data={"term": term.public_id, "kind": kind})
    return term


def agreement_term_remove(*, actor: Actor, agreement: Agreement, term_public_id: str) -> None:
    _require_editable(actor, agreement)
    term = agreement.premium_terms.filter(public_id=term_public_id).first()
    if term is None:
        raise DomainError(_("No such premium term on this agreement."), code=AgreementErrorCode.PREMIUM_TERM_AGREEMENT)
    with transaction.atomic():
        term.delete()
        _edit(actor, agreement, AgreementEvent.TERM_REMOVED, data={"term": term_public_id})


def agreement_signatory_save(
    *,
    actor: Actor,
    agreement: Agreement,
    organisation: Organisation,
    role: str = SignatoryRole.PARTY,
    signatory_name: str = "",
    signatory_title: str = "",
    signed_on: dt.date | None = None,
) -> Signatory:
    """Add a signatory (party or witness) or fill in the person who signed for an organisation."""
    _require_editable(actor, agreement)
    if role not in SignatoryRole.values:
        raise DomainError(_("A signatory is a party or a witness."), code=AgreementErrorCode.SIGNATORY_PARTY_WITNESS)
    if signed_on is not None and signed_on > clock.today():
        raise DomainError(_("A signature date cannot be in the future."), code=AgreementErrorCode.SIGNATURE_DATE_FUTURE)
    with transaction.atomic():
        signatory, created = Signatory.objects.get_or_create(
            agreement=agreement,
            organisation=organisation,
            role=role,
            defaults={"position": agreement.signatories.count()},
        )
        signatory.signatory_name = signatory_name.strip()
        signatory.signatory_title = signatory_title.strip()
        signatory.signed_on = signed_on
        signatory.save(update_fields=["signatory_name", "signatory_title", "signed_on"])
        _edit(
            actor,
            agreement,
            AgreementEvent.SIGNATORY_ADDED if created else AgreementEvent.SIGNATORY_UPDATED,
            data={"signatory": signatory.public_id, "organisation": organisation.public_id, "role": role},
        )
    return signatory


def agreement_signatory_remove(*, actor: Actor, agreement: Agreement, signatory_public_id: str) -> None:
    _require_editable(actor, agreement)
    signatory = agreement.signatories.filter(public_id=signatory_public_id).first()
    if signatory is None:
        raise DomainError(_("No such signatory on this agreement."), code=AgreementErrorCode.SIGNATORY_AGREEMENT)
    required = {agreement.brand_id, agreement.program.worker_organisation_id}
    if signatory.role == SignatoryRole.PARTY and signatory.organisation_id in required:
        raise DomainError(
            _("The worker organisation and the brand are always parties to the agreement."),
            code=AgreementErrorCode.WORKER_ORGANISATION_BRAND_ALWAYS,
        )
    with transaction.atomic():
        signatory.delete()
        _edit(actor, agreement, AgreementEvent.SIGNATORY_REMOVED, data={"signatory": signatory_public_id})


def agreement_document_attach(*, actor: Actor, agreement: Agreement, filename: str, content: bytes) -> bool:
    """Store the signed document (PDF) and its SHA-256. Returns whether anything changed.

    While the agreement is a draft a new upload replaces the old one. Once signed the document
    is fixed: the same bytes again are a no-op, different bytes are refused."""
    actor.require(AgreementCapability.EDIT, agreement.program_id)
    digest = hashlib.sha256(content).hexdigest()
    if agreement.status not in transitions.EDITABLE:
        if digest == agreement.document_sha256:
            return False
        raise DomainError(
            _(
                "This agreement was signed with a document whose SHA-256 is %(sha)s. A different file "
                "cannot replace it. To change the agreement, amend it: the new version gets its own document."
            )
            % {"sha": agreement.document_sha256 or "—"},
            code=AgreementErrorCode.AGREEMENT_WAS_SIGNED_DOCUMENT,
        )
    if digest == agreement.document_sha256:
        return False
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DomainError(_("The document is larger than 20 MB."), code=AgreementErrorCode.DOCUMENT_LARGER)
    if sniff_file(content[:16]) != PDF:
        raise DomainError(_("The document must be a PDF file."), code=AgreementErrorCode.DOCUMENT_PDF_FILE)
    old_name = agreement.document.name if agreement.document else ""
    old_sha = agreement.document_sha256
    new_name = default_storage.save(
        agreement.document.field.generate_filename(agreement, filename), ContentFile(content)
    )
    try:
        workflow_step(
            actor=actor,
            obj=agreement,
            event=AgreementEvent.DOCUMENT_REPLACED if old_name else AgreementEvent.DOCUMENT_ATTACHED,
            program=agreement.program,
            changes={
                "document": new_name,
                "document_sha256": digest,
                "document_size": len(content),
                "document_uploaded_at": clock.now(),
            },
            guard={"updated_at": agreement.updated_at},
            data={"sha256": digest, "size": len(content), "previous_sha256": old_sha},
            on_commit=[lambda: default_storage.delete(old_name)] if old_name else [],
            what="agreement",
        )
    except Exception:
        default_storage.delete(new_name)
        raise
    agreement.document.name = new_name
    return True


# --- lifecycle -----------------------------------------------------------------------------------


def _step(
    actor: Actor,
    agreement: Agreement,
    target: AgreementStatus,
    event: AgreementEvent,
    *,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    public_extra: dict[str, Any] | None = None,
) -> None:
    """A lifecycle move: every one of them is a public fact (the agreement's public summary)."""
    workflow_step(
        actor=actor,
        obj=agreement,
        event=event,
        program=agreement.program,
        to=target,
        rules=transitions.check_move,
        changes={"status_reason": reason, "status_changed_at": clock.now(), **(changes or {})},
        guard={"updated_at": agreement.updated_at},
        reason=reason,
        public=lambda a: {**agreement_public_summary(a), **(public_extra or {})},
        what="agreement",
    )


def agreement_sign(*, actor: Actor, agreement: Agreement) -> Agreement:
    """Record that every party signed the document. Takes effect at once if already due."""
    transitions.check_move(agreement.status, AgreementStatus.SIGNED, _held(actor, agreement.program_id))
    if not agreement.document_sha256:
        raise DomainError(
            _("Upload the signed document (PDF) before recording the signature."),
            code=AgreementErrorCode.UPLOAD_SIGNED_DOCUMENT_PDF,
        )
    signatories = list(agreement.signatories.select_related("organisation"))
    parties = {s.organisation_id for s in signatories if s.role == SignatoryRole.PARTY}
    if not {agreement.brand_id, agreement.program.worker_organisation_id} <= parties:
        raise DomainError(
            _("The worker organisation and the brand must both be parties."),
            code=AgreementErrorCode.WORKER_ORGANISATION_BRAND_BOTH,
        )
    missing = [s.organisation.name for s in signatories if not s.complete]
    if missing:
        raise DomainError(
            _("Give the name and signature date of the signatory for: %(orgs)s.") % {"orgs": ", ".join(missing)},
            code=AgreementErrorCode.NAME_SIGNATURE_DATE_SIGNATORY,
        )
    signed_on = max(s.signed_on for s in signatories if s.signed_on)
    with transaction.atomic():
        _step(actor, agreement, AgreementStatus.SIGNED, AgreementEvent.SIGNED, changes={"signed_on": signed_on})
        if transitions.activation_due(agreement.status, agreement.effective_from, clock.today()):
            _activate(actor, agreement)
    return agreement


def _activate(actor: Actor, agreement: Agreement) -> None:
    _step(actor, agreement, AgreementStatus.ACTIVE, AgreementEvent.ACTIVATED)
    previous = agreement.previous
    if previous is not None:
        previous.refresh_from_db()
        if previous.status in transitions.BINDING:
            _expire(actor, previous, reason=f"superseded by version {agreement.version}", superseded_by=agreement)


def _expire(actor: Actor, agreement: Agreement, *, reason: str, superseded_by: Agreement | None = None) -> None:
    _step(
        actor,
        agreement,
        AgreementStatus.EXPIRED,
        AgreementEvent.EXPIRED,
        reason=reason,
        public_extra={
            "cause": "superseded" if superseded_by else "ended",
            "superseded_by": superseded_by.public_id if superseded_by else None,
        },
    )


def agreement_terminate(*, actor: Actor, agreement: Agreement, cause: str, reason: str) -> Agreement:
    """End a signed or active agreement early. The cause is public; the explanation stays internal."""
    transitions.check_move(agreement.status, AgreementStatus.TERMINATED, _held(actor, agreement.program_id))
    if cause not in TerminationReason.values:
        raise DomainError(_("Choose why the agreement ends."), code=AgreementErrorCode.CHOOSE_WHY_AGREEMENT_ENDS)
    if not reason.strip():
        raise DomainError(
            _("Explain why the agreement is terminated: the explanation is kept in the history."),
            code=AgreementErrorCode.EXPLAIN_WHY_AGREEMENT_TERMINATED,
        )
    with transaction.atomic():
        _step(
            actor,
            agreement,
            AgreementStatus.TERMINATED,
            AgreementEvent.TERMINATED,
            reason=reason.strip(),
            public_extra={"cause": cause, "terminated_on": clock.today().isoformat()},
        )
    return agreement


def agreement_amend(*, actor: Actor, agreement: Agreement, reason: str = "") -> Agreement:
    """Start a new version of a signed agreement: a draft copying its terms and parties.

    The signed version is never edited; it stays binding until the new version takes effect."""
    actor.require(AgreementCapability.EDIT, agreement.program_id)
    transitions.check_amendable(agreement.status)
    if Agreement.objects.filter(previous=agreement).exists():
        raise DomainError(
            _("Version %(n)s of this agreement already exists.") % {"n": agreement.version + 1},
            code=AgreementErrorCode.VERSION_AGREEMENT_ALREADY_EXISTS,
        )
    effective_from = max(clock.today(), agreement.effective_from)
    effective_until = agreement.effective_until
    if effective_until is not None and effective_until < effective_from:
        effective_until = None
    try:
        with transaction.atomic():
            new = Agreement.objects.create(
                program=agreement.program,
                brand=agreement.brand,
                title=agreement.title,
                version=agreement.version + 1,
                previous=agreement,
                effective_from=effective_from,
                effective_until=effective_until,
                terms_public=agreement.terms_public,
                source_only_good_standing=agreement.source_only_good_standing,
                fund_remediation=agreement.fund_remediation,
                remediation_terms=agreement.remediation_terms,
                reporting_cadence=agreement.reporting_cadence,
                updated_at=clock.now(),
            )
            for term in agreement.premium_terms.all():
                PremiumTerm.objects.create(
                    agreement=new,
                    kind=term.kind,
                    amount_minor_per_unit=term.amount_minor_per_unit,
                    unit=term.unit,
                    basis_points=term.basis_points,
                    currency=term.currency,
                    products=list(term.products),
                    position=term.position,
                )
            for sig in agreement.signatories.all():
                Signatory.objects.create(
                    agreement=new,
                    organisation=sig.organisation,
                    role=sig.role,
                    signatory_name=sig.signatory_name,
                    signatory_title=sig.signatory_title,
                    position=sig.position,
                )
            _event(
                actor,
                new,
                AgreementEvent.AMENDMENT_DRAFTED,
                after=AgreementStatus.DRAFT,
                reason=reason,
                data={"previous": agreement.public_id, "version": new.version},
            )
            _event(actor, agreement, AgreementEvent.AMENDED, reason=reason, data={"amendment": new.public_id})
    except IntegrityError as exc:
        raise ConcurrentChange("agreement") from exc
    return new


# --- the clock -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    activated: int
    expired: int


def _sweeper(program_id: int) -> Actor:
    return Actor(user=None, label="agreements sweep", grants={program_id: frozenset({AgreementCapability.SIGN})})


def agreements_sweep(*, today: dt.date | None = None) -> SweepResult:
    """Activate signed agreements whose effective date has come; expire those past their end.
    Idempotent: a second run the same day finds nothing to do."""
    day = today or clock.today()
    activated = expired = 0
    due = Agreement.objects.filter(status=AgreementStatus.SIGNED, effective_from__lte=day).select_related(
        "program", "brand"
    )
    for agreement in due.order_by("version", "pk"):
        with transaction.atomic():
            agreement.refresh_from_db()
            if transitions.activation_due(agreement.status, agreement.effective_from, day):
                _activate(_sweeper(agreement.program_id), agreement)
                activated += 1
    ending = Agreement.objects.filter(status__in=list(transitions.BINDING), effective_until__lt=day).select_related(
        "program", "brand"
    )
    for agreement in ending.order_by("pk"):
        with transaction.atomic():
            agreement.refresh_from_db()
            if transitions.expiry_due(agreement.status, agreement.effective_until, day):
                _expire(_sweeper(agreement.program_id), agreement, reason="reached the end of its term")
                expired += 1
    return SweepResult(activated=activated, expired=expired)
