from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wsr.accounts.models import User
from wsr.core.models import Event
from wsr.core.transparency import transparency_verify
from wsr.programs.models import Program
from wsr.registry.models import Facility, SourcingRelation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.WSR_DEMO_PASSWORD = "demo-pass-for-tests"
    call_command("load_demo", stdout=StringIO())


def test_demo_builds_two_programs_through_the_services(demo):
    agri = Program.objects.get(slug="fair-harvest")
    garment = Program.objects.get(slug="garment-safety")
    assert agri.languages == ["en", "es", "ht"]
    assert (agri.premium_kind, agri.premium_minor_per_unit, agri.premium_unit) == ("per_unit", 1, "lb")
    assert garment.languages == ["en", "bn"]
    assert Facility.objects.filter(program_links__program=agri).count() == 8
    assert Facility.objects.filter(program_links__program=garment).count() == 24
    assert not Facility.objects.filter(lat__isnull=True).exists()
    assert Facility.objects.filter(country="BD").exclude(name_local="").count() == 24
    assert SourcingRelation.objects.filter(program=garment).count() >= 24
    assert Event.objects.filter(verb="facility_created").count() == 32
    assert all(r.ok for r in transparency_verify())


def test_demo_logins_json_lists_every_role_with_organisation_and_program(demo):
    out = StringIO()
    call_command("demo_logins", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["password"] == "demo-pass-for-tests"
    by_name = {row["username"]: row for row in data["logins"]}
    assert by_name["admin"]["role"] == "program_admin"
    assert by_name["admin"]["programs"] == ["fair-harvest"]
    assert by_name["brand-a"]["organisation"] == "Harvest Table Foods"
    assert by_name["supplier-y"]["organisation_kind"] == "supplier"
    roles = {row["role"] for row in data["logins"]}
    assert {"program_admin", "investigator", "auditor", "worker_org_staff", "brand_user", "supplier_user"} <= roles


def test_every_demo_login_signs_in_with_the_demo_password(demo, client):
    for user in User.objects.filter(username__in=["admin", "brand-a", "gs-supplier"]):
        assert client.login(username=user.username, password="demo-pass-for-tests")
        client.logout()


def test_demo_loads_only_into_an_empty_database(demo):
    with pytest.raises(CommandError, match="already holds programs"):
        call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert Program.objects.count() == 2
