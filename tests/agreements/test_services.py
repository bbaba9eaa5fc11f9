"""Agreement services: state and event rows, transparency entries, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine

from tests.agreements.conftest import make_draft, make_ready, pdf
from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import Agreement, PremiumTerm, SignatoryRole
from wsr.agreements.services import (
    agreement_amend,
    agreement_document_attach,
    agreement_draft_update,
    agreement_sign,
    agreement_signatory_remove,
    agreement_signatory_save,
    agreement_term_add,
    agreement_terminate,
)
from wsr.core.errors import CapabilityMissing, DomainError, TransitionNotAllowed
from wsr.core.events import events_for_object
from wsr.core.models import TransparencyEntry
from wsr.core.transparency import transparency_verify

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def verbs(agreement):
    return list(events_for_object(agreement).order_by("id").values_list("verb", flat=True))


def log(kind):
    return list(TransparencyEntry.objects.filter(kind=kind).order_by("seq"))


def test_a_draft_names_both_parties_and_copies_the_program_premium(personas):
    # given a program with the default premium of 1 cent per lb
    # when an admin drafts an agreement with brand A
    agreement = make_draft(personas)
    # then both the worker organisation and the brand are parties, the default premium is a term
    parties = {s.organisation for s in agreement.signatories.all() if s.role == SignatoryRole.PARTY}
    assert parties == {personas.program.worker_organisation, personas.brand_a.organisation}
    term = agreement.premium_terms.get()
    assert (term.kind, term.amount_minor_per_unit, term.unit, term.currency) == ("per_unit", 1, "lb", "USD")
    assert agreement.status == "draft" and agreement.version == 1
    assert verbs(agreement) == ["agreement_drafted"]


def test_brands_and_investigators_cannot_draft_or_edit(personas):
    agreement = make_draft(personas)
    for user in (personas.brand_a, personas.investigator):
        with pytest.raises(CapabilityMissing):
            agreement_draft_update(actor=actor_for_user(user), agreement=agreement, fields={"title": "x"})


def test_a_brand_outside_the_program_cannot_be_party(personas, admin_actor):
    from tests.factories import OrganisationFactory
    from wsr.agreements.services import agreement_draft_create

    stranger = OrganisationFactory(name="Not In Program", kind="brand")
    with pytest.raises(DomainError):
        agreement_draft_create(
            actor=admin_actor, program=personas.program, brand=stranger, title="x", effective_from=dt.date(2026, 1, 1)
        )


@time_machine.travel(TODAY, tick=False)
def test_signing_publishes_without_names_or_private_terms_and_activates_when_due(personas, admin_actor):
    # given a ready draft already due (effective 2026-01-01), terms not public
    agreement = make_ready(personas, signer="Secret Signer Name")
    # when it is signed
    agreement_sign(actor=admin_actor, agreement=agreement)
    # then it is active, signed on the last signature date, with events and log entries
    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert agreement.signed_on == dt.date(2025, 12, 1)
    assert verbs(agreement)[-2:] == ["agreement_signed", "agreement_activated"]
    signed = log("agreement_signed")[-1]
    assert signed.payload["agreement"] == agreement.public_id
    assert signed.payload["brand"] == personas.brand_a.organisation.public_id
    assert signed.payload["brand_name"] == "Brand A Foods"
    assert signed.payload["document_sha256"] == agreement.document_sha256
    assert signed.payload["effective_from"] == "2026-01-01"
    assert "terms" not in signed.payload
    assert "Secret Signer Name" not in str(signed.payload)
    assert "Wanda Worker" not in str(signed.payload)
    assert all(r.ok for r in transparency_verify())


@time_machine.travel(TODAY, tick=False)
def test_public_terms_are_published_with_the_signature(personas, admin_actor):
    agreement = make_ready(personas, terms_public=True)
    agreement_sign(actor=admin_actor, agreement=agreement)
    payload = log("agreement_signed")[-1].payload
    assert payload["terms"]["premium"][0]["amount_minor_per_unit"] == 1
    assert payload["terms"]["premium"][0]["unit"] == "lb"


@time_machine.travel(TODAY, tick=False)
def test_signing_needs_a_document_and_every_signatory(personas, admin_actor):
    agreement = make_draft(personas)
    with pytest.raises(DomainError, match="document"):
        agreement_sign(actor=admin_actor, agreement=agreement)
    agreement_document_attach(actor=admin_actor, agreement=agreement, filename="a.pdf", content=pdf())
    agreement.refresh_from_db()
    with pytest.raises(DomainError, match="Brand A Foods"):
        agreement_sign(actor=admin_actor, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == "draft"
    assert "agreement_signed" not in verbs(agreement)


def test_the_brand_and_worker_organisation_cannot_be_removed_as_parties(personas, admin_actor):
    agreement = make_draft(personas)
    party = agreement.signatories.get(organisation=agreement.brand)
    with pytest.raises(DomainError):
        agreement_signatory_remove(actor=admin_actor, agreement=agreement, signatory_public_id=party.public_id)
    witness = agreement_signatory_save(
        actor=admin_actor,
        agreement=agreement,
        organisation=personas.program.monitoring_body,
        role=SignatoryRole.WITNESS,
        signatory_name="W",
    )
    agreement.refresh_from_db()
    agreement_signatory_remove(actor=admin_actor, agreement=agreement, signatory_public_id=witness.public_id)
    assert agreement.signatories.count() == 2
    assert "agreement_signatory_removed" in verbs(agreement)


def test_a_draft_document_can_be_replaced(personas, admin_actor):
    agreement = make_draft(personas)
    assert agreement_document_attach(actor=admin_actor, agreement=agreement, filename="a.pdf", content=pdf("one"))
    agreement.refresh_from_db()
    assert agreement_document_attach(actor=admin_actor, agreement=agreement, filename="b.pdf", content=pdf("two"))
    agreement.refresh_from_db()
    assert agreement.document_sha256 == hashlib.sha256(pdf("two")).hexdigest()
    assert agreement.document.read() == pdf("two")
    assert verbs(agreement)[-2:] == ["agreement_document_attached", "agreement_document_replaced"]


def test_documents_must_be_pdfs_of_at_most_20_mb(personas, admin_actor, monkeypatch):
    agreement = make_draft(personas)
    with pytest.raises(DomainError, match="PDF"):
        agreement_document_attach(actor=admin_actor, agreement=agreement, filename="a.pdf", content=b"GIF89a...")
    monkeypatch.setattr("wsr.agreements.services.MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(DomainError, match="20 MB"):
        agreement_document_attach(actor=admin_actor, agreement=agreement, filename="a.pdf", content=pdf() + b"x" * 200)
    agreement.refresh_from_db()
    assert agreement.document_sha256 == ""


@time_machine.travel(TODAY, tick=False)
def test_a_signed_agreements_document_cannot_be_silently_replaced(personas, admin_actor):
    # given a signed agreement
    agreement = make_ready(personas)
    original = agreement.document_sha256
    agreement_sign(actor=admin_actor, agreement=agreement)
    agreement.refresh_from_db()
    before = verbs(agreement)
    # when the same bytes are uploaded again: nothing happens
    same = pdf(agreement.title)
    assert agreement_document_attach(actor=admin_actor, agreement=agreement, filename="x.pdf", content=same) is False
    # when different bytes are uploaded: refused, naming the recorded digest
    with pytest.raises(DomainError, match=original):
        agreement_document_attach(actor=admin_actor, agreement=agreement, filename="x.pdf", content=pdf("forged"))
    # then the stored document, its digest and the history are unchanged
    agreement.refresh_from_db()
    assert agreement.document_sha256 == original
    assert hashlib.sha256(agreement.document.read()).hexdigest() == original
    assert verbs(agreement) == before


@time_machine.travel(TODAY, tick=False)
def test_signed_agreements_cannot_be_edited_in_place(personas, admin_actor):
    agreement = make_ready(personas)
    agreement_sign(actor=admin_actor, agreement=agreement)
    agreement.refresh_from_db()
    with pytest.raises(DomainError):
        agreement_draft_update(actor=admin_actor, agreement=agreement, fields={"title": "changed"})
    with pytest.raises(DomainError):
        agreement_term_add(
            actor=admin_actor, agreement=agreement, kind="per_unit", amount_minor_per_unit=5, unit="lb", currency="USD"
        )
    agreement.refresh_from_db()
    assert agreement.title != "changed"
    assert agreement.premium_terms.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_an_amendment_is_a_new_version_and_supersedes_the_old_one_when_active(personas, admin_actor):
    # given an active v1
    v1 = make_ready(personas)
    agreement_sign(actor=admin_actor, agreement=v1)
    v1.refresh_from_db()
    # when it is amended, the new version's terms changed, signed and due
    v2 = agreement_amend(actor=admin_actor, agreement=v1, reason="raise the premium")
    assert (v2.version, v2.previous_id, v2.status) == (2, v1.pk, "draft")
    assert v2.premium_terms.count() == 1 and v2.signatories.count() == 2
    v1.refresh_from_db()
    assert v1.status == "active"  # still binding while v2 is a draft
    term = v2.premium_terms.get()
    PremiumTerm.objects.filter(pk=term.pk).update(amount_minor_per_unit=2)
    for sig in v2.signatories.all():
        agreement_signatory_save(
            actor=admin_actor,
            agreement=v2,
            organisation=sig.organisation,
            signatory_name=sig.signatory_name,
            signed_on=dt.date(2026, 5, 30),
        )
        v2.refresh_from_db()
    agreement_document_attach(actor=admin_actor, agreement=v2, filename="v2.pdf", content=pdf("v2"))
    v2.refresh_from_db()
    agreement_sign(actor=admin_actor, agreement=v2)
    # then v2 is active, v1 expired as superseded, both kept with their own terms and documents
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v2.status == "active"
    assert (v1.status, v1.status_reason) == ("expired", "superseded by version 2")
    assert v1.premium_terms.get().amount_minor_per_unit == 1
    assert v1.document_sha256 != v2.document_sha256
    assert "agreement_amended" in verbs(v1) and verbs(v1)[-1] == "agreement_expired"
    assert verbs(v2)[0] == "agreement_amendment_drafted"
    expired = log("agreement_expired")[-1].payload
    assert (expired["agreement"], expired["cause"], expired["superseded_by"]) == (
        v1.public_id,
        "superseded",
        v2.public_id,
    )
    # and a version can be amended only once
    with pytest.raises(TransitionNotAllowed):
        agreement_amend(actor=admin_actor, agreement=v1)
    with pytest.raises(DomainError):
        agreement_amend(actor=admin_actor, agreement=Agreement.objects.get(pk=v1.pk))
    assert all(r.ok for r in transparency_verify())


@time_machine.travel(TODAY, tick=False)
def test_a_version_cannot_be_amended_twice(personas, admin_actor):
    v1 = make_ready(personas)
    agreement_sign(actor=admin_actor, agreement=v1)
    v1.refresh_from_db()
    agreement_amend(actor=admin_actor, agreement=v1)
    with pytest.raises(DomainError, match="Version 2"):
        agreement_amend(actor=admin_actor, agreement=v1)
    assert Agreement.objects.filter(previous=v1).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_termination_publishes_the_cause_but_not_the_explanation(personas):
    # given an active agreement, and worker organisation staff (who may sign and terminate)
    staff = actor_for_user(personas.worker_org_staff)
    agreement = make_ready(personas)
    agreement_sign(actor=staff, agreement=agreement)
    agreement.refresh_from_db()
    # when terminated for a breach
    agreement_terminate(actor=staff, agreement=agreement, cause="brand_breach", reason="Private detail X9")
    # then it is terminated with the reason kept, published with the cause only
    agreement.refresh_from_db()
    assert (agreement.status, agreement.status_reason) == ("terminated", "Private detail X9")
    event = events_for_object(agreement).order_by("id").last()
    assert (event.verb, event.before, event.after, event.reason) == (
        "agreement_terminated",
        "active",
        "terminated",
        "Private detail X9",
    )
    entry = log("agreement_terminated")[-1]
    assert entry.payload["cause"] == "brand_breach"
    assert entry.payload["terminated_on"] == "2026-06-01"
    assert "Private detail" not in str(entry.payload)
    assert all(r.ok for r in transparency_verify())
    # and it cannot be terminated again
    with pytest.raises(TransitionNotAllowed):
        agreement_terminate(actor=staff, agreement=agreement, cause="other", reason="again")


@time_machine.travel(TODAY, tick=False)
def test_termination_needs_the_sign_capability_and_an_explanation(personas, admin_actor):
    agreement = make_ready(personas)
    agreement_sign(actor=admin_actor, agreement=agreement)
    agreement.refresh_from_db()
    with pytest.raises(CapabilityMissing):
        agreement_terminate(actor=actor_for_user(personas.investigator), agreement=agreement, cause="other", reason="x")
    with pytest.raises(DomainError):
        agreement_terminate(actor=admin_actor, agreement=agreement, cause="other", reason="  ")
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_a_draft_cannot_be_terminated(personas, admin_actor):
    agreement = make_draft(personas)
    with pytest.raises(TransitionNotAllowed):
        agreement_terminate(actor=admin_actor, agreement=agreement, cause="other", reason="x")


def test_a_stale_copy_cannot_overwrite_a_newer_change(personas, admin_actor):
    from wsr.core.errors import ConcurrentChange

    agreement = make_draft(personas)
    stale = Agreement.objects.get(pk=agreement.pk)
    agreement_draft_update(actor=admin_actor, agreement=agreement, fields={"title": "first"})
    with pytest.raises(ConcurrentChange):
        agreement_draft_update(actor=admin_actor, agreement=stale, fields={"title": "second"})
    agreement.refresh_from_db()
    assert agreement.title == "first"
