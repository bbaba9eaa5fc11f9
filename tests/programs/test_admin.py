from __future__ import annotations

import pytest

from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from wsr.core.models import Event, TransparencyEntry
from wsr.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = UserFactory(username="operator", organisation=None, is_superuser=True, is_staff=True)
    return login(client, user)


def test_operator_creates_a_program_through_the_service(operator):
    worker_org = OrganisationFactory(name="Dairy Workers United", kind="worker_org")
    monitor = OrganisationFactory(name="Dairy Standards Council", kind="monitoring_body")
    response = operator.post(
        "/admin/programs/program/add/",
        {
            "slug": "milk-dignity",
            "name": "Milk with Dignity",
            "sector": "dairy",
            "description": "",
            "countries": '["US"]',
            "languages": '["en", "es"]',
            "currency": "USD",
            "worker_organisation": worker_org.pk,
            "monitoring_body": monitor.pk,
            "seasons-TOTAL_FORMS": "0",
            "seasons-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    program = Program.objects.get(slug="milk-dignity")
    assert (
        Event.objects.get(verb="program_created", object_public_id=program.public_id).actor_user.username == "operator"
    )
    assert TransparencyEntry.objects.filter(stream=program.log_stream, kind="program_created").count() == 1


def test_rules_and_facilities_are_read_only_in_the_admin(operator, personas):
    program = personas.program
    page = operator.get(f"/admin/programs/program/{program.pk}/change/")
    assert page.status_code == 200
    assert 'name="suspension_minimum_days"' not in page.content.decode()
    response = operator.post(f"/admin/programs/program/{program.pk}/change/", {"suspension_minimum_days": "1"})
    assert response.status_code == 403
    facility = personas.facility_x
    assert operator.post(f"/admin/registry/facility/{facility.pk}/change/", {"name": "x"}).status_code == 403
    facility.refresh_from_db()
    program.refresh_from_db()
    assert (facility.name, program.suspension_minimum_days) == ("Supplier X Farm One", 90)


def test_a_reserved_slug_is_refused_with_a_clear_message(operator):
    worker_org = OrganisationFactory(name="WO", kind="worker_org")
    monitor = OrganisationFactory(name="MB", kind="monitoring_body")
    response = operator.post(
        "/admin/programs/program/add/",
        {
            "slug": "status",
            "name": "Shadow",
            "sector": "other",
            "description": "",
            "countries": '["US"]',
            "languages": '["en"]',
            "currency": "USD",
            "worker_organisation": worker_org.pk,
            "monitoring_body": monitor.pk,
            "seasons-TOTAL_FORMS": "0",
            "seasons-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "is reserved" in response.content.decode()
    assert not Program.objects.filter(slug="status").exists()
