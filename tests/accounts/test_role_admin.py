"""The Django admin changes roles and organisations only through the accounts services, and the
pending role grants page lets a second program admin decide."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.factories import TEST_PASSWORD, OrganisationFactory, UserFactory
from wsr.accounts.models import Membership, Organisation, RoleGrant, RoleGrantStatus, User
from wsr.accounts.role_changes import membership_grant
from wsr.accounts.roles import OrgKind, Role
from wsr.accounts.selectors import actor_for_user
from wsr.core.models import Event
from wsr.programs.models import Program

pytestmark = pytest.mark.django_db


def _operator(personas) -> User:
    user = User.objects.create_superuser(username="operator", email="ops@example.org", password=TEST_PASSWORD)
    user.organisation = personas.program.monitoring_body
    user.save()
    return user


def test_demo_operator_cannot_make_itself_investigator_in_the_admin(settings, tmp_path):
    settings.WSR_DEMO_PASSWORD = "demo-pass-for-tests"
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=StringIO())
    operator = User.objects.get(username="operator")
    program = Program.objects.get(slug="fair-harvest")
    operator.organisation = program.monitoring_body
    operator.save()
    client = login(Client(), operator)

    response = client.post(
        reverse("admin:accounts_membership_add"),
        {"user": operator.pk, "program": program.pk, "role": Role.INVESTIGATOR, "reason": "just looking"},
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:accounts_rolegrant_changelist")
    assert not Membership.objects.filter(user=operator).exists()
    grant = RoleGrant.objects.get(user=operator)
    assert grant.status == RoleGrantStatus.PENDING
    event = Event.objects.get(verb="membership_grant_requested")
    assert (event.program_public_id, event.reason) == (program.public_id, "just looking")
    # Confirming its own grant through the admin action changes nothing.
    client.post(reverse("admin:accounts_rolegrant_changelist"), {"action": "confirm", "_selected_action": [grant.pk]})
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.PENDING
    assert not Membership.objects.filter(user=operator).exists()
    assert client.get(f"/complaints/{program.slug}/").status_code == 404
    # The program's admin sees it in the history.
    admin = User.objects.get(username="admin")
    history = login(Client(), admin).get(f"/programs/{program.slug}/history/").content.decode()
    assert "the role Investigator; another program admin must confirm it." in history


def test_admin_grant_by_a_program_admin_superuser_takes_effect(personas):
    operator = _operator(personas)
    Membership.objects.create(user=operator, program=personas.program, role=Role.PROGRAM_ADMIN)
    newcomer = UserFactory(username="newcomer", organisation=personas.program.monitoring_body)

    response = login(Client(), operator).post(
        reverse("admin:accounts_membership_add"),
        {"user": newcomer.pk, "program": personas.program.pk, "role": Role.INVESTIGATOR, "reason": ""},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, role=Role.INVESTIGATOR).exists()
    assert Event.objects.get(verb="membership_granted").actor_user == operator


def test_admin_refuses_a_role_the_organisation_cannot_hold(personas):
    client = login(Client(), _operator(personas))
    response = client.post(
        reverse("admin:accounts_membership_add"),
        {"user": personas.brand_a.pk, "program": personas.program.pk, "role": Role.INVESTIGATOR},
        follow=True,
    )
    assert "held only by members of" in response.content.decode()
    assert not Membership.objects.filter(user=personas.brand_a, role=Role.INVESTIGATOR).exists()


def test_memberships_are_read_only_and_revoked_through_the_service(personas):
    client = login(Client(), _operator(personas))
    membership = Membership.objects.get(user=personas.investigator)

    page = client.get(reverse("admin:accounts_membership_change", args=[membership.pk])).content.decode()
    user_page = client.get(reverse("admin:accounts_user_change", args=[personas.investigator.pk])).content.decode()
    client.post(
        reverse("admin:accounts_membership_changelist"), {"action": "revoke", "_selected_action": [membership.pk]}
    )

    assert 'name="role"' not in page
    assert 'name="memberships-0-role"' not in user_page
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Event.objects.get(verb="membership_revoked").program_public_id == personas.program.public_id


def test_admin_user_organisation_change_goes_through_the_service(personas):
    client = login(Client(), _operator(personas))
    brand_c = OrganisationFactory(name="Brand C", kind=OrgKind.BRAND)
    user = personas.brand_a
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("groups", "user_permissions")}
    data.update(
        {
            "organisation": brand_c.pk,
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": Membership.objects.get(user=user).pk,
            "memberships-0-user": user.pk,
        }
    )
    data.pop("last_login", None)
    data.pop("password", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.organisation == brand_c
    event = Event.objects.get(verb="user_organisation_changed", program_public_id=personas.program.public_id)
    assert event.data["before_org"] == "Brand A Foods"


def test_admin_creates_organisations_through_the_service(personas):
    client = login(Client(), _operator(personas))
    response = client.post(
        reverse("admin:accounts_organisation_add"),
        {"name": "Fresh Union", "kind": OrgKind.WORKER_ORG, "country": "us", "address": "", "website": ""},
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Fresh Union")
    assert Event.objects.get(verb="organisation_created", object_public_id=org.public_id)


def test_pending_grants_page_confirms_with_a_second_admin(personas, client_as):
    operator = _operator(personas)
    newcomer = UserFactory(username="newcomer", organisation=personas.program.monitoring_body)
    grant = membership_grant(
        actor=actor_for_user(operator), user=newcomer, program=personas.program, role=Role.INVESTIGATOR
    )
    client = client_as("council_admin")

    page = client.get("/accounts/role-grants/").content.decode()
    response = client.post(f"/accounts/role-grants/{grant.public_id}/confirm/", {"reason": "known to us"})

    assert "newcomer" in page and grant.public_id in page
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.CONFIRMED
    assert Membership.objects.filter(user=newcomer, role=Role.INVESTIGATOR).exists()
    assert Event.objects.get(verb="membership_grant_confirmed").reason == "known to us"
    home = client.get("/home/").content.decode()
    assert "/accounts/role-grants/" in home


def test_pending_grants_page_refuses_own_grant_with_a_message(personas, client_as):
    admin = personas.council_admin
    grant = membership_grant(actor=actor_for_user(admin), user=admin, program=personas.program, role=Role.INVESTIGATOR)
    client = client_as("council_admin")

    response = client.post(f"/accounts/role-grants/{grant.public_id}/confirm/", follow=True)

    assert "Another program admin must confirm this grant" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.PENDING
    assert not Event.objects.filter(verb="membership_grant_confirmed").exists()


def test_admin_user_creation_records_the_organisation(personas):
    client = login(Client(), _operator(personas))
    org = personas.program.monitoring_body

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new-staff",
            "password1": "a-long-enough-passphrase-1",
            "password2": "a-long-enough-passphrase-1",
            "usable_password": "true",
            "email": "new@example.org",
            "organisation": org.pk,
            "preferred_language": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new-staff")
    assert user.organisation == org
    event = Event.objects.get(verb="user_organisation_changed", object_id=str(user.pk))
    assert (event.data["before_org"], event.data["after_org"]) == ("", org.name)
    assert not Membership.objects.filter(user=user).exists()
