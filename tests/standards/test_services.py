"""The Code workflow through its services: state, event rows and the transparency log."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.standards.conftest import add_provisions
from wsr.accounts.selectors import actor_for_user
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.events import events_for_object
from wsr.core.models import Event, TransparencyEntry
from wsr.core.transparency import transparency_verify
from wsr.standards.models import CodeVersion, Provision, ProvisionText
from wsr.standards.services import (
    code_version_adopt,
    code_version_approve,
    code_version_create,
    code_version_propose,
    code_version_withdraw,
    content_sha256,
    provision_add,
    provision_remove,
    provision_update,
)

pytestmark = pytest.mark.django_db


def verbs(version: CodeVersion) -> list[str]:
    return list(events_for_object(version).order_by("id").values_list("verb", flat=True))


def test_adoption_without_the_worker_organisations_approval_is_refused(personas, code_builder):
    # given a proposed version nobody approved
    version = code_builder("proposed")
    # when the program admin tries to adopt it
    with pytest.raises(DomainError) as refused:
        code_version_adopt(actor=actor_for_user(personas.council_admin), version=version)
    # then it stays proposed, nothing is adopted, logged or published
    assert refused.value.code == "not_approved"
    version.refresh_from_db()
    assert version.status == "proposed"
    assert version.adopted_at is None and version.effective_from is None
    assert "code_version_adopted" not in verbs(version)
    assert not TransparencyEntry.objects.filter(kind="code_adopted").exists()


@pytest.mark.parametrize("who", ["council_admin", "investigator", "auditor", "brand_a", "supplier_x"])
def test_approval_by_anyone_outside_the_worker_organisation_is_refused(personas, code_builder, who):
    version = code_builder("proposed")
    with pytest.raises(CapabilityMissing):
        code_version_approve(actor=actor_for_user(getattr(personas, who)), version=version)
    version.refresh_from_db()
    assert not version.is_approved and version.approved_by is None
    assert "code_version_approved" not in verbs(version)


def test_approval_capability_without_membership_of_this_worker_organisation_is_refused(personas, code_builder):
    # given a worker-org staff role held by someone from another organisation
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    stranger = UserFactory(username="other-union", organisation=OrganisationFactory(kind="worker_org"))
    MembershipFactory(user=stranger, program=personas.program, role="worker_org_staff")
    version = code_builder("proposed")
    with pytest.raises(DomainError) as refused:
        code_version_approve(actor=actor_for_user(stranger), version=version)
    assert refused.value.code == "not_worker_organisation"
    version.refresh_from_db()
    assert not version.is_approved


def test_worker_organisation_approves_and_admin_adopts_into_the_transparency_log(personas, code_builder):
    # given an approved version
    version = code_builder("approved")
    assert version.approved_by == personas.worker_org_staff
    assert version.approved_by_organisation == personas.program.worker_organisation
    assert version.approved_hash == content_sha256(version)
    # when the admin adopts it
    version = code_version_adopt(actor=actor_for_user(personas.council_admin), version=version)
    # then it is adopted, in force from today, with events and a public log entry
    assert version.status == "adopted"
    assert version.effective_from == dt.date.today()
    assert version.adopted_by == personas.council_admin
    assert verbs(version) == [
        "code_version_created",
        "provision_added",
        "provision_added",
        "provision_added",
        "code_version_proposed",
        "code_version_approved",
        "code_version_adopted",
    ]
    adopted = Event.objects.get(verb="code_version_adopted")
    assert (adopted.before, adopted.after, adopted.actor_user) == ("proposed", "adopted", personas.council_admin)
    entry = TransparencyEntry.objects.get(stream=personas.program.log_stream, kind="code_adopted")
    assert entry.payload == {
        "program": personas.program.public_id,
        "code_version": version.public_id,
        "version": 1,
        "effective_from": dt.date.today().isoformat(),
        "content_sha256": version.adopted_hash,
        "approved_by_organisation": personas.program.worker_organisation.public_id,
        "supersedes": None,
        "recorded_retroactively": False,
    }
    names = {personas.worker_org_staff.username, personas.worker_org_staff.get_full_name(), "assembly vote"}
    assert not any(name and name in str(entry.payload) for name in names)
    assert all(r.ok for r in transparency_verify())


def test_adopting_a_new_version_supersedes_the_previous_one(personas, code_builder):
    first = code_builder("adopted")
    second = code_builder("adopted", based_on=first)
    first.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "adopted")
    assert first.superseded_at is not None
    assert second.number == 2 and second.based_on == first
    superseded = Event.objects.get(verb="code_version_superseded")
    assert (superseded.object_public_id, superseded.before, superseded.after) == (
        first.public_id,
        "adopted",
        "superseded",
    )
    entries = TransparencyEntry.objects.filter(kind="code_adopted").order_by("seq")
    assert [e.payload["version"] for e in entries] == [1, 2]
    assert entries[1].payload["supersedes"] == first.public_id
    assert all(r.ok for r in transparency_verify())


def test_new_draft_copies_every_provision_and_text(personas, code_builder):
    base = code_builder("adopted")
    draft = code_version_create(
        actor=actor_for_user(personas.worker_org_staff), program=personas.program, based_on=base
    )
    assert draft.status == "draft" and draft.number == 2
    assert content_sha256(draft) == content_sha256(base)
    assert Provision.objects.filter(version=draft).count() == 3
    assert ProvisionText.objects.filter(provision__version=draft).count() == 6
    assert Event.objects.get(verb="code_version_created", object_public_id=draft.public_id).data["based_on"] == (
        base.public_id
    )


@pytest.mark.parametrize("upto", ["proposed", "approved", "adopted"])
def test_only_drafts_can_be_edited(personas, code_builder, upto):
    version = code_builder(upto)
    admin = actor_for_user(personas.council_admin)
    provision = version.provisions.get(ref="1.1")
    before = content_sha256(version)
    with pytest.raises(DomainError) as refused:
        provision_update(
            actor=admin,
            provision=provision,
            category="forced_labour",
            tier="serious",
            order=1,
            texts={"en": {"title": "x", "text": "changed"}},
        )
    assert refused.value.code == "not_draft"
    with pytest.raises(DomainError):
        provision_remove(actor=admin, provision=provision)
    with pytest.raises(DomainError):
        provision_add(
            actor=admin,
            version=version,
            ref="9.9",
            category="other",
            tier="minor",
            texts={"en": {"title": "a", "text": "b"}},
        )
    assert content_sha256(version) == before


def test_withdrawing_a_proposal_drops_its_approval_and_edits_need_a_new_one(personas, code_builder):
    admin = actor_for_user(personas.council_admin)
    worker_org = actor_for_user(personas.worker_org_staff)
    version = code_builder("approved")
    version = code_version_withdraw(actor=admin, version=version, reason="one more change")
    assert version.status == "draft" and not version.is_approved and version.approved_by is None
    provision_update(
        actor=admin,
        provision=version.provisions.get(ref="3.1"),
        category="wages_hours",
        tier="serious",
        order=30,
        texts={"en": {"title": "Clear payslips", "text": "Each payslip shows hours, rate and premium."}},
    )
    version = code_version_propose(actor=admin, version=version)
    with pytest.raises(DomainError) as refused:
        code_version_adopt(actor=admin, version=version)
    assert refused.value.code == "not_approved"
    version = code_version_approve(actor=worker_org, version=version)
    version = code_version_adopt(actor=admin, version=version)
    assert version.status == "adopted"
    assert Event.objects.filter(verb="code_version_approved", object_public_id=version.public_id).count() == 2


def test_content_changed_behind_the_services_after_approval_cannot_be_adopted(personas, code_builder):
    # given an approved version whose text is altered directly in the database
    version = code_builder("approved")
    ProvisionText.objects.filter(provision__version=version, language="en", provision__ref="1.1").update(
        text="Workers may sometimes be kept on the farm."
    )
    # when it is adopted, then the hash check refuses it
    with pytest.raises(DomainError) as refused:
        code_version_adopt(actor=actor_for_user(personas.council_admin), version=version)
    assert refused.value.code == "changed_since_approval"
    version.refresh_from_db()
    assert version.status == "proposed"


def test_the_worker_organisation_can_also_adopt_what_it_approved(personas, code_builder):
    version = code_builder("approved")
    version = code_version_adopt(actor=actor_for_user(personas.worker_org_staff), version=version)
    assert version.status == "adopted"


@pytest.mark.parametrize("who", ["investigator", "auditor", "brand_a", "supplier_x"])
def test_roles_without_adopt_cannot_adopt(personas, code_builder, who):
    version = code_builder("approved")
    with pytest.raises(CapabilityMissing):
        code_version_adopt(actor=actor_for_user(getattr(personas, who)), version=version)


def test_effective_dates_cannot_go_backwards(personas, code_builder):
    admin = actor_for_user(personas.council_admin)
    with pytest.raises(DomainError, match="past"):
        code_version_adopt(actor=admin, version=code_builder("approved"), effective_from=dt.date(2000, 1, 1))
    later = dt.date.today() + dt.timedelta(days=30)
    first = code_version_adopt(actor=admin, version=code_builder("approved"), effective_from=later)
    second = code_builder("approved", based_on=first)
    with pytest.raises(DomainError, match="earlier"):
        code_version_adopt(actor=admin, version=second, effective_from=dt.date.today())
    first.refresh_from_db()
    assert first.status == "adopted"


def test_proposal_needs_provisions_with_default_language_text(personas):
    admin = actor_for_user(personas.council_admin)
    empty = code_version_create(actor=admin, program=personas.program)
    with pytest.raises(DomainError, match="at least one provision"):
        code_version_propose(actor=admin, version=empty)
    assert CodeVersion.objects.get(pk=empty.pk).status == "draft"


def test_provision_input_is_checked(personas):
    admin = actor_for_user(personas.council_admin)
    version = code_version_create(actor=admin, program=personas.program)
    good = {"en": {"title": "T", "text": "Text"}}
    bad_cases = [
        ({"ref": "1 1"}, "reference"),
        ({"category": "gossip"}, "category"),
        ({"tier": "mild"}, "tier"),
        ({"texts": {"bn": {"title": "T", "text": "x"}, **good}}, "language"),
        ({"texts": {"es": {"title": "T", "text": "x"}}}, "default language"),
    ]
    for change, message in bad_cases:
        args = {"ref": "1.1", "category": "other", "tier": "minor", "texts": good, **change}
        with pytest.raises(DomainError, match=message):
            provision_add(actor=admin, version=version, **args)
    provision_add(actor=admin, version=version, ref="1.1", category="other", tier="minor", texts=good)
    with pytest.raises(DomainError, match="already has"):
        provision_add(actor=admin, version=version, ref="1.1", category="other", tier="minor", texts=good)
    assert version.provisions.count() == 1


@pytest.mark.parametrize("who", ["investigator", "auditor", "brand_a", "supplier_x"])
def test_roles_without_edit_cannot_draft(personas, who):
    with pytest.raises(CapabilityMissing):
        code_version_create(actor=actor_for_user(getattr(personas, who)), program=personas.program)
    assert not CodeVersion.objects.exists()


def test_drafting_in_another_program_is_refused(personas):
    with pytest.raises(CapabilityMissing):
        code_version_create(actor=actor_for_user(personas.council_admin), program=personas.other_program)


def test_adoption_dates_are_recorded_at_the_time_of_adoption(personas, code_builder):
    with time_machine.travel(dt.datetime(2025, 1, 10, 15, tzinfo=dt.UTC), tick=False):
        version = code_builder("adopted")
    assert version.effective_from == dt.date(2025, 1, 10)
    assert version.adopted_at == dt.datetime(2025, 1, 10, 15, tzinfo=dt.UTC)


def test_removing_a_provision_from_a_draft_is_recorded(personas):
    admin = actor_for_user(personas.council_admin)
    version = code_version_create(actor=admin, program=personas.program)
    add_provisions(admin, version)
    provision_remove(actor=admin, provision=version.provisions.get(ref="2.1"))
    assert list(version.provisions.values_list("ref", flat=True)) == ["1.1", "3.1"]
    event = Event.objects.get(verb="provision_removed")
    assert (event.before, event.object_public_id) == ("2.1", version.public_id)
