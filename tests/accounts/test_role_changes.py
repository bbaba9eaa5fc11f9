"""Role and organisation changes go through services: events, program history, notices, and no
self-granted program role (a second program admin confirms)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import login
from tests.factories import TEST_PASSWORD, OrganisationFactory, UserFactory
from wsr.accounts.models import Membership, RoleGrant, RoleGrantStatus, User
from wsr.accounts.role_changes import (
    RoleChangeRefused,
    membership_grant,
    membership_grant_confirm,
    membership_grant_refuse,
    membership_revoke,
    organisation_create,
    user_organisation_change,
)
from wsr.accounts.roles import OrgKind, Role
from wsr.accounts.selectors import actor_for_user
from wsr.core.errors import CapabilityMissing
from wsr.core.models import Event, OutboxMessage

pytestmark = pytest.mark.django_db


def _operator() -> User:
    return User.objects.create_superuser(username="operator", email="ops@example.org", password=TEST_PASSWORD)


def _second_admin(personas) -> User:
    user = UserFactory(username="second-admin", organisation=personas.program.monitoring_body, email="a2@example.org")
    Membership.objects.create(user=user, program=personas.program, role=Role.PROGRAM_ADMIN)
    return user


def test_program_admin_grants_a_role_to_someone_else_at_once(personas, django_capture_on_commit_callbacks):
    newcomer = UserFactory(username="newcomer", organisation=personas.program.monitoring_body)
    personas.council_admin.email = "admin@example.org"
    personas.council_admin.save()
    personas.worker_org_staff.email = "union@example.org"
    personas.worker_org_staff.save()

    with django_capture_on_commit_callbacks(execute=True):
        result = membership_grant(
            actor=actor_for_user(personas.council_admin),
            user=newcomer,
            program=personas.program,
            role=Role.INVESTIGATOR,
            reason="joins the team",
        )

    assert isinstance(result, Membership)
    assert actor_for_user(newcomer).program_ids == {personas.program.pk}
    event = Event.objects.get(verb="membership_granted")
    assert event.program_public_id == personas.program.public_id
    assert event.data["role"] == "investigator"
    assert event.reason == "joins the team"
    notices = OutboxMessage.objects.filter(kind="membership_granted", program_public_id=personas.program.public_id)
    assert sorted(n.recipient for n in notices) == ["admin@example.org", "union@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.org", "union@example.org"]
    assert "Investigator" in mail.outbox[0].body


def test_operator_cannot_give_itself_a_program_role(personas, django_capture_on_commit_callbacks):
    operator = _operator()
    operator.organisation = personas.program.monitoring_body
    operator.save()

    with django_capture_on_commit_callbacks(execute=True):
        grant = membership_grant(
            actor=actor_for_user(operator), user=operator, program=personas.program, role=Role.INVESTIGATOR
        )

    assert isinstance(grant, RoleGrant)
    assert grant.status == RoleGrantStatus.PENDING
    assert not Membership.objects.filter(user=operator).exists()
    assert actor_for_user(operator).program_ids == set()
    event = Event.objects.get(verb="membership_grant_requested")
    assert event.program_public_id == personas.program.public_id
    assert event.data["self_grant"] is True
    # Neither the operator nor the requester may confirm it.
    with pytest.raises(CapabilityMissing):
        membership_grant_confirm(actor=actor_for_user(operator), grant_id=grant.public_id)
    assert not Membership.objects.filter(user=operator).exists()


def test_superuser_grant_outside_its_programs_waits_for_a_program_admin(personas):
    operator = _operator()
    newcomer = UserFactory(username="newcomer", organisation=personas.program.monitoring_body)

    grant = membership_grant(
        actor=actor_for_user(operator), user=newcomer, program=personas.program, role=Role.INVESTIGATOR
    )
    assert isinstance(grant, RoleGrant)
    assert not Membership.objects.filter(user=newcomer).exists()

    membership_grant_confirm(actor=actor_for_user(personas.council_admin), grant_id=grant.public_id, reason="ok")

    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.CONFIRMED
    assert grant.decided_by == personas.council_admin
    assert Membership.objects.filter(user=newcomer, program=personas.program, role=Role.INVESTIGATOR).exists()
    confirmed = Event.objects.get(verb="membership_grant_confirmed")
    assert confirmed.actor_user == personas.council_admin
    assert confirmed.program_public_id == personas.program.public_id


def test_program_admin_self_grant_needs_another_program_admin(personas):
    admin = personas.council_admin
    grant = membership_grant(actor=actor_for_user(admin), user=admin, program=personas.program, role=Role.INVESTIGATOR)
    assert isinstance(grant, RoleGrant)

    with pytest.raises(RoleChangeRefused) as refused:
        membership_grant_confirm(actor=actor_for_user(admin), grant_id=grant.public_id)
    assert refused.value.code == "confirm_own_grant"
    assert not Membership.objects.filter(user=admin, role=Role.INVESTIGATOR).exists()

    second = _second_admin(personas)
    membership_grant_confirm(actor=actor_for_user(second), grant_id=grant.public_id)
    assert Membership.objects.filter(user=admin, role=Role.INVESTIGATOR).exists()


def test_a_refused_grant_gives_no_role_and_is_recorded(personas):
    operator = _operator()
    newcomer = UserFactory(username="newcomer", organisation=personas.program.monitoring_body)
    grant = membership_grant(
        actor=actor_for_user(operator), user=newcomer, program=personas.program, role=Role.PROGRAM_ADMIN
    )

    membership_grant_refuse(actor=actor_for_user(personas.council_admin), grant_id=grant.public_id, reason="unknown")

    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.REFUSED
    assert not Membership.objects.filter(user=newcomer).exists()
    assert Event.objects.get(verb="membership_grant_refused").reason == "unknown"
    with pytest.raises(RoleChangeRefused):
        membership_grant_confirm(actor=actor_for_user(personas.council_admin), grant_id=grant.public_id)


def test_first_program_admin_of_an_empty_program_comes_from_a_superuser(personas):
    operator = _operator()
    Membership.objects.filter(program=personas.other_program).delete()
    head = UserFactory(username="gs-head", organisation=personas.other_program.monitoring_body)

    result = membership_grant(
        actor=actor_for_user(operator), user=head, program=personas.other_program, role=Role.PROGRAM_ADMIN
    )

    assert isinstance(result, Membership)
    assert Event.objects.get(verb="membership_granted").data["bootstrap"] is True
    # ...but never to itself.
    operator.organisation = personas.other_program.monitoring_body
    operator.save()
    Membership.objects.filter(program=personas.other_program).delete()
    pending = membership_grant(
        actor=actor_for_user(operator), user=operator, program=personas.other_program, role=Role.PROGRAM_ADMIN
    )
    assert isinstance(pending, RoleGrant)


def test_role_must_fit_the_organisation_kind(personas):
    with pytest.raises(RoleChangeRefused) as refused:
        membership_grant(
            actor=actor_for_user(personas.council_admin),
            user=personas.brand_a,
            program=personas.program,
            role=Role.INVESTIGATOR,
        )
    assert refused.value.code == "role_organisation_mismatch"
    assert not Event.objects.filter(verb__startswith="membership_").exists()


def test_a_refused_change_sends_no_notice(personas):
    personas.council_admin.email = "admin@example.org"
    personas.council_admin.save()
    with pytest.raises(RoleChangeRefused):
        membership_grant(
            actor=actor_for_user(personas.council_admin),
            user=personas.brand_a,
            program=personas.program,
            role=Role.INVESTIGATOR,
        )
    assert not OutboxMessage.objects.exists()


def test_others_cannot_grant_roles(personas):
    newcomer = UserFactory(username="newcomer", organisation=personas.program.monitoring_body)
    with pytest.raises(CapabilityMissing):
        membership_grant(
            actor=actor_for_user(personas.investigator),
            user=newcomer,
            program=personas.program,
            role=Role.INVESTIGATOR,
        )
    assert not Membership.objects.filter(user=newcomer).exists()


def test_revoke_records_and_keeps_one_program_admin(personas):
    admin = actor_for_user(personas.council_admin)
    investigator = Membership.objects.get(user=personas.investigator)
    membership_revoke(actor=admin, membership_id=investigator.pk, reason="left")
    assert not Membership.objects.filter(pk=investigator.pk).exists()
    event = Event.objects.get(verb="membership_revoked")
    assert (event.program_public_id, event.reason, event.data["role"]) == (
        personas.program.public_id,
        "left",
        "investigator",
    )

    last = Membership.objects.get(user=personas.council_admin, role=Role.PROGRAM_ADMIN)
    with pytest.raises(RoleChangeRefused) as refused:
        membership_revoke(actor=admin, membership_id=last.pk)
    assert refused.value.code == "last_program_admin"
    assert Membership.objects.filter(pk=last.pk).exists()


def test_moving_a_user_to_another_organisation_is_recorded_and_drops_roles_it_cannot_hold(personas):
    operator = _operator()
    other_brand = OrganisationFactory(name="Brand C", kind=OrgKind.BRAND)

    revoked = user_organisation_change(
        actor=actor_for_user(operator), user=personas.investigator, organisation=other_brand, reason="moved"
    )

    personas.investigator.refresh_from_db()
    assert personas.investigator.organisation == other_brand
    assert revoked == ["investigator"]
    assert not Membership.objects.filter(user=personas.investigator).exists()
    in_history = Event.objects.filter(
        verb="user_organisation_changed", program_public_id=personas.program.public_id
    ).get()
    assert in_history.data["after_org"] == "Brand C"
    assert Event.objects.filter(verb="membership_revoked", program_public_id=personas.program.public_id).exists()


def test_only_platform_admins_create_organisations(personas):
    with pytest.raises(CapabilityMissing):
        organisation_create(actor=actor_for_user(personas.council_admin), name="X", kind=OrgKind.BRAND)
    org = organisation_create(actor=actor_for_user(_operator()), name="New Brand", kind=OrgKind.BRAND, country="us")
    assert org.country == "US"
    assert Event.objects.get(verb="organisation_created", object_public_id=org.public_id).data["name"] == "New Brand"


def test_role_changes_are_readable_lines_in_the_program_history(personas):
    operator = _operator()
    operator.organisation = personas.program.monitoring_body
    operator.save()
    operator.first_name, operator.last_name = "Platform", "Operator"
    operator.save()
    grant = membership_grant(
        actor=actor_for_user(operator), user=operator, program=personas.program, role=Role.INVESTIGATOR
    )
    membership_grant_refuse(actor=actor_for_user(personas.council_admin), grant_id=grant.public_id)

    html = login(Client(), personas.council_admin).get(f"/programs/{personas.program.slug}/history/").content.decode()

    assert "Platform Operator asked to give Platform Operator (operator) the role Investigator" in html
    assert "refused the role Investigator for Platform Operator (operator)" in html
