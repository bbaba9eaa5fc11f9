"""Writes to the Code of Conduct. Every step records an event; adoption is a public fact.

Editing rule (docs/decisions/0005-code-of-conduct.md): only drafts change. Proposing freezes the
content; withdrawing a proposal sends it back to draft and drops any approval. Approval stores the
SHA-256 of the exact content approved, and adoption recomputes it and refuses on any difference,
so even a change made around the services cannot be adopted without a fresh approval.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.programs.models import Program
from wsr.standards import transitions as t
from wsr.standards.errors import StandardsErrorCode
from wsr.standards.events import StandardsEvent
from wsr.standards.models import Category, CodeVersion, Provision, ProvisionText, Tier
from wsr.standards.transitions import CodeStatus

REF_PATTERN = re.compile(r"^[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*$")

# A provision's texts: {language: {"title": ..., "text": ...}}
Texts = dict[str, dict[str, str]]


def _refusal(code: str) -> str:
    messages = {
        t.NOT_APPROVED: _(
            "This version has not been approved by the program's worker organisation: it cannot be adopted."
        ),
        t.CHANGED_SINCE_APPROVAL: _(
            "The content changed after the worker organisation approved it: it needs a new approval."
        ),
        t.ALREADY_APPROVED: _("The worker organisation has already approved this version."),
        t.NOT_WORKER_ORGANISATION: _("Only a member of the program's worker organisation can approve its Code."),
        t.NOT_PROPOSED: _("Only a proposed version can be approved."),
        t.NOT_DRAFT: _("Only a draft can be edited. Start a new draft from this version instead."),
    }
    return str(messages.get(code, code))


def _held(actor: Actor, program: Program) -> frozenset[str]:
    return frozenset(actor.grants.get(program.pk, frozenset()))


def _gate(check: Any, *args: Any, **kwargs: Any) -> None:
    """Run a pure check from transitions.py; business refusals get a translated message."""
    try:
        check(*args, **kwargs)
    except t.GateRefused as exc:
        raise DomainError(_refusal(exc.code), code=StandardsErrorCode(exc.code)) from exc


def content_sha256(version: CodeVersion) -> str:
    """SHA-256 over the canonical JSON of the version's title, provisions and every text."""
    provisions = []
    for p in version.provisions.prefetch_related("texts").order_by("order", "ref"):
        texts = {x.language: {"title": x.title, "text": x.text} for x in p.texts.all() if x.title or x.text}
        provisions.append({"ref": p.ref, "category": p.category, "tier": p.tier, "order": p.order, "texts": texts})
    body = {"title": version.title, "provisions": provisions}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _edit_draft(
    actor: Actor,
    version: CodeVersion,
    event: StandardsEvent,
    *,
    before: str = "",
    after: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    """An edit of a draft's content through the workflow step: refused unless the version is
    (still) a draft; marks it changed and records ``event``. Call inside the edit's transaction."""
    _gate(t.check_edit, version.status, _held(actor, version.program))
    try:
        workflow_step(
            actor=actor,
            obj=version,
            event=event,
            program=version.program,
            guard={"status": CodeStatus.DRAFT},
            event_before=before,
            event_after=after,
            data=data,
        )
    except ConcurrentChange as exc:
        raise DomainError(_refusal(t.NOT_DRAFT), code=StandardsErrorCode.NOT_DRAFT) from exc


def _clean_texts(program: Program, texts: Texts) -> Texts:
    unknown = set(texts) - set(program.languages)
    if unknown:
        raise DomainError(
            _("Not a language of this program: %(langs)s") % {"langs": ", ".join(sorted(unknown))},
            code=StandardsErrorCode.LANGUAGE_PROGRAM_LANGS,
        )
    cleaned = {
        lang: {"title": (v.get("title") or "").strip(), "text": (v.get("text") or "").strip()}
        for lang, v in texts.items()
    }
    default = cleaned.get(program.default_language, {})
    if not default.get("title") or not default.get("text"):
        raise DomainError(
            _("Give the title and text in the program's default language (%(lang)s).")
            % {"lang": program.default_language},
            code=StandardsErrorCode.TITLE_TEXT_PROGRAM_DEFAULT,
        )
    return cleaned


def _clean_fields(category: str, tier: str, order: int) -> None:
    if category not in Category.values:
        raise DomainError(
            _("Unknown category: %(value)s") % {"value": category}, code=StandardsErrorCode.UNKNOWN_CATEGORY_VALUE
        )
    if tier not in Tier.values:
        raise DomainError(
            _("Unknown severity tier: %(value)s") % {"value": tier}, code=StandardsErrorCode.UNKNOWN_SEVERITY_TIER_VALUE
        )
    if order < 0:
        raise DomainError(_("The order cannot be negative."), code=StandardsErrorCode.ORDER_NEGATIVE)


def _write_texts(provision: Provision, texts: Texts) -> None:
    for lang, value in texts.items():
        if value["title"] or value["text"]:
            ProvisionText.objects.update_or_create(provision=provision, language=lang, defaults=value)
        else:
            ProvisionText.objects.filter(provision=provision, language=lang).delete()


def code_version_create(
    *, actor: Actor, program: Program, title: str = "", based_on: CodeVersion | None = None
) -> CodeVersion:
    """A new draft, empty or copying every provision and text of ``based_on``."""
    t.check_new_draft(_held(actor, program))
    if based_on is not None and based_on.program_id != program.pk:
        raise DomainError(
            _("A draft can only be based on a version of the same program."),
            code=StandardsErrorCode.DRAFT_BASED_VERSION_PROGRAM,
        )
    title = (title or (based_on.title if based_on else "") or _("Code of Conduct")).strip()[:200]
    now = clock.now()
    try:
        with transaction.atomic():
            number = (CodeVersion.objects.filter(program=program).aggregate(n=Max("number"))["n"] or 0) + 1
            version = CodeVersion.objects.create(
                program=program, number=number, title=title, based_on=based_on, created_at=now, updated_at=now
            )
            if based_on is not None:
                for old in based_on.provisions.prefetch_related("texts"):
                    new = Provision.objects.create(
                        version=version, ref=old.ref, category=old.category, tier=old.tier, order=old.order
                    )
                    ProvisionText.objects.bulk_create(
                        [
                            ProvisionText(provision=new, language=x.language, title=x.title, text=x.text)
                            for x in old.texts.all()
                        ]
                    )
            event_record(
                actor=actor,
                obj=version,
                verb=StandardsEvent.CODE_VERSION_CREATED,
                after=CodeStatus.DRAFT,
                data={"number": number, "based_on": based_on.public_id if based_on else None},
                program_public_id=program.public_id,
            )
    except IntegrityError as exc:
        raise ConcurrentChange("Code version") from exc
    return version


def provision_add(
    *,
    actor: Actor,
    version: CodeVersion,
    ref: str,
    category: str,
    tier: str,
    texts: Texts,
    order: int | None = None,
) -> Provision:
    program = version.program
    ref = ref.strip()
    if not REF_PATTERN.match(ref) or len(ref) > 16:
        raise DomainError(_("A reference is short, like 1.3 or 2.1-a."), code=StandardsErrorCode.REFERENCE_SHORT_LIKE)
    _clean_fields(category, tier, order or 0)
    cleaned = _clean_texts(program, texts)
    _gate(t.check_edit, version.status, _held(actor, program))
    with transaction.atomic():
        if version.provisions.filter(ref=ref).exists():
            raise DomainError(
                _("This version already has a provision %(ref)s.") % {"ref": ref},
                code=StandardsErrorCode.VERSION_ALREADY_PROVISION_REF,
            )
        if order is None:
            order = (version.provisions.aggregate(n=Max("order"))["n"] or 0) + 10
        provision = Provision.objects.create(version=version, ref=ref, category=category, tier=tier, order=order)
        _write_texts(provision, cleaned)
        _edit_draft(
            actor,
            version,
            StandardsEvent.PROVISION_ADDED,
            after=ref,
            data={"ref": ref, "category": category, "tier": tier, "languages": sorted(cleaned)},
        )
    return provision


def provision_update(
    *, actor: Actor, provision: Provision, category: str, tier: str, order: int, texts: Texts
) -> Provision:
    version = provision.version
    _clean_fields(category, tier, order)
    cleaned = _clean_texts(version.program, texts)
    _gate(t.check_edit, version.status, _held(actor, version.program))
    with transaction.atomic():
        before = {"category": provision.category, "tier": provision.tier, "order": provision.order}
        Provision.objects.filter(pk=provision.pk).update(category=category, tier=tier, order=order)
        _write_texts(provision, cleaned)
        provision.refresh_from_db()
        after = {"category": provision.category, "tier": provision.tier, "order": provision.order}
        _edit_draft(
            actor,
            version,
            StandardsEvent.PROVISION_UPDATED,
            after=provision.ref,
            data={
                "ref": provision.ref,
                "changes": {k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]},
                "languages": sorted(cleaned),
            },
        )
    return provision


def provision_remove(*, actor: Actor, provision: Provision) -> None:
    version = provision.version
    _gate(t.check_edit, version.status, _held(actor, version.program))
    with transaction.atomic():
        ref = provision.ref
        provision.delete()
        _edit_draft(actor, version, StandardsEvent.PROVISION_REMOVED, before=ref, data={"ref": ref})


def _step(
    *,
    actor: Actor,
    version: CodeVersion,
    target: CodeStatus,
    event: StandardsEvent,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    rules_kwargs: dict[str, Any] | None = None,
    guard: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    public: Any = None,
) -> CodeVersion:
    return workflow_step(
        actor=actor,
        obj=version,
        event=event,
        program=version.program,
        to=target,
        rules=_checked(t.check_move),
        rules_kwargs=rules_kwargs,
        changes=changes,
        guard=guard,
        stamp=None,
        reason=reason,
        data=data,
        public=public,
        public_kind="code_adopted" if public is not None else "",
        what="Code version",
    )


def _checked(check: Any) -> Any:
    """A pure check whose business refusals become translated DomainErrors (see ``_gate``)."""

    def run(*args: Any, **kwargs: Any) -> None:
        _gate(check, *args, **kwargs)

    return run


def code_version_propose(*, actor: Actor, version: CodeVersion, reason: str = "") -> CodeVersion:
    """Freeze a draft and put it before the worker organisation for approval."""
    program = version.program
    t.check_move(version.code_status, CodeStatus.PROPOSED, _held(actor, program))
    provisions = list(version.provisions.prefetch_related("texts"))
    if not provisions:
        raise DomainError(
            _("A Code needs at least one provision before it is proposed."),
            code=StandardsErrorCode.CODE_NEEDS_LEAST_PROVISION,
        )
    default = program.default_language
    missing = [p.ref for p in provisions if not any(x.language == default and x.is_complete for x in p.texts.all())]
    if missing:
        raise DomainError(
            _("These provisions have no text in %(lang)s: %(refs)s") % {"lang": default, "refs": ", ".join(missing)},
            code=StandardsErrorCode.THESE_PROVISIONS_TEXT_LANG,
        )
    now = clock.now()
    return _step(
        actor=actor,
        version=version,
        target=CodeStatus.PROPOSED,
        event=StandardsEvent.CODE_VERSION_PROPOSED,
        reason=reason,
        changes={"proposed_at": now, "updated_at": now},
    )


def code_version_withdraw(*, actor: Actor, version: CodeVersion, reason: str = "") -> CodeVersion:
    """Back to draft for more edits; any approval is dropped (a new one is needed)."""
    t.check_move(version.code_status, CodeStatus.DRAFT, _held(actor, version.program))
    return _step(
        actor=actor,
        version=version,
        target=CodeStatus.DRAFT,
        event=StandardsEvent.CODE_VERSION_WITHDRAWN,
        reason=reason,
        changes={
            "proposed_at": None,
            "approved_hash": "",
            "approved_by": None,
            "approved_by_organisation": None,
            "approved_at": None,
            "approval_note": "",
            "updated_at": clock.now(),
        },
    )


def code_version_approve(*, actor: Actor, version: CodeVersion, note: str = "") -> CodeVersion:
    """The worker organisation's approval of this exact proposed content."""
    program = version.program
    _gate(
        t.check_approve,
        version.code_status,
        _held(actor, program),
        in_worker_organisation=actor.organisation_id is not None
        and actor.organisation_id == program.worker_organisation_id,
        already_approved=version.is_approved,
    )
    digest = content_sha256(version)
    # Approval is not a move: the same step, guarded on "still proposed and not yet approved".
    return workflow_step(
        actor=actor,
        obj=version,
        event=StandardsEvent.CODE_VERSION_APPROVED,
        program=program,
        changes={
            "approved_hash": digest,
            "approved_by": actor.user,
            "approved_by_organisation_id": program.worker_organisation_id,
            "approved_at": clock.now(),
            "approval_note": note.strip(),
        },
        guard={"status": CodeStatus.PROPOSED, "approved_hash": ""},
        stamp=None,
        reason=note.strip(),
        event_before=version.status,
        event_after=version.status,
        data={"content_sha256": digest, "organisation": program.worker_organisation.public_id},
        what="Code version",
    )


def code_version_adopt(
    *, actor: Actor, version: CodeVersion, effective_from: dt.date | None = None, record_existing: bool = False
) -> CodeVersion:
    """Adopt an approved version: it supersedes the adopted one and is published in the log.

    ``record_existing`` records a Code the program had already adopted before it came onto the
    platform: only for the program's first version, it may take effect in the past, and the log
    entry says it was recorded retroactively.
    """
    program = version.program
    digest = content_sha256(version)
    _gate(
        t.check_move,
        version.code_status,
        CodeStatus.ADOPTED,
        _held(actor, program),
        approved_hash=version.approved_hash,
        content_hash=digest,
    )
    today = clock.today()
    effective_from = effective_from or today
    if record_existing:
        if CodeVersion.objects.filter(program=program, status__in=[CodeStatus.ADOPTED, CodeStatus.SUPERSEDED]).exists():
            raise DomainError(
                _("Only a program's first Code can be recorded as adopted in the past."),
                code=StandardsErrorCode.PROGRAM_FIRST_CODE_RECORDED,
            )
    elif effective_from < today:
        raise DomainError(
            _("A Code cannot take effect in the past: choose today or a later date."),
            code=StandardsErrorCode.CODE_TAKE_EFFECT_PAST,
        )
    now = clock.now()
    with transaction.atomic():
        previous = CodeVersion.objects.select_for_update().filter(program=program, status=CodeStatus.ADOPTED).first()
        if previous is not None:
            if previous.effective_from and effective_from < previous.effective_from:
                raise DomainError(
                    _("The adopted version takes effect on %(date)s: the new one cannot take effect earlier.")
                    % {"date": previous.effective_from.isoformat()},
                    code=StandardsErrorCode.ADOPTED_VERSION_TAKES_EFFECT,
                )
            _step(
                actor=actor,
                version=previous,
                target=CodeStatus.SUPERSEDED,
                event=StandardsEvent.CODE_VERSION_SUPERSEDED,
                reason=f"v{version.number}",
                changes={"superseded_at": now},
            )
        _step(
            actor=actor,
            version=version,
            target=CodeStatus.ADOPTED,
            event=StandardsEvent.CODE_VERSION_ADOPTED,
            rules_kwargs={"approved_hash": version.approved_hash, "content_hash": digest},
            changes={
                "adopted_at": now,
                "adopted_by": actor.user,
                "adopted_hash": digest,
                "effective_from": effective_from,
            },
            guard={"approved_hash": digest},
            data={"content_sha256": digest, "effective_from": effective_from.isoformat()},
            public={
                "program": program.public_id,
                "code_version": version.public_id,
                "version": version.number,
                "effective_from": effective_from.isoformat(),
                "content_sha256": digest,
                "approved_by_organisation": program.worker_organisation.public_id,
                "supersedes": previous.public_id if previous is not None else None,
                "recorded_retroactively": record_existing and effective_from < today,
            },
        )
    return version
