from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import login
from wsr.accounts.selectors import actor_for_user
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.models import Event, TransparencyEntry
from wsr.registry.models import Facility, Participation, ProgramFacility
from wsr.registry.selectors import facilities_for_actor
from wsr.registry.services import (
    facility_create,
    facility_update,
    organisation_create,
    program_facility_add,
)

pytestmark = pytest.mark.django_db


def _fields(**extra):
    return {
        "name": "  Finca  La Esperanza ",
        "address": "12 Farm Rd,  Immokalee",
        "country": "united states",
        "lat": Decimal("26.1"),
        "lng": Decimal("-81.2"),
        "sectors": ["Agriculture"],
        "worker_count": 1500,
        **extra,
    }


def test_admin_creates_a_facility_with_event_coverage_and_public_log_entry(personas):
    facility = facility_create(actor=actor_for_user(personas.council_admin), program=personas.program, fields=_fields())
    assert facility.name == "Finca La Esperanza"
    assert facility.country == "US"
    assert facility.worker_band == "1001-5000"
    assert facility.public_id.startswith("fac_")
    assert ProgramFacility.objects.filter(program=personas.program, facility=facility).exists()
    event = Event.objects.get(verb="facility_created", object_public_id=facility.public_id)
    assert event.actor_user == personas.council_admin
    entry = TransparencyEntry.objects.get(stream=personas.program.log_stream, kind="facility_covered")
    assert entry.payload["facility"] == facility.public_id
    assert (entry.payload["lat"], entry.payload["lng"]) == ("26.100000", "-81.200000")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"country": "Atlantis"}, "Unknown country"),
        ({"name": "   "}, "needs a name"),
        ({"lat": None}, "both latitude and longitude"),
    ],
)
def test_bad_facility_input_is_refused_and_nothing_is_written(personas, fields, message):
    before = Facility.objects.count()
    with pytest.raises(DomainError, match=message):
        facility_create(
            actor=actor_for_user(personas.council_admin), program=personas.program, fields=_fields(**fields)
        )
    assert Facility.objects.count() == before
    assert not Event.objects.filter(verb="facility_created").exists()


@pytest.mark.parametrize("who", ["investigator", "auditor", "worker_org_staff", "brand_a", "supplier_x"])
def test_only_program_admins_register_facilities(personas, who):
    with pytest.raises(CapabilityMissing):
        facility_create(actor=actor_for_user(getattr(personas, who)), program=personas.program, fields=_fields())


def test_facility_update_records_before_and_after_and_refreshes_the_match_key(personas):
    facility = personas.facility_x
    facility_update(
        actor=actor_for_user(personas.council_admin),
        facility=facility,
        fields={"name": "Supplier X Farm North", "worker_count": 300},
        reason="renamed",
    )
    facility.refresh_from_db()
    assert facility.name == "Supplier X Farm North"
    assert facility.match_key.startswith("supplier x farm north|")
    event = Event.objects.get(verb="facility_updated")
    assert event.data["changes"]["name"] == {"before": "Supplier X Farm One", "after": "Supplier X Farm North"}
    assert TransparencyEntry.objects.filter(kind="facility_updated").count() == 1


def test_a_facility_keeps_one_identity_across_programs(personas):
    gs_admin_membership = personas.council_admin.memberships.first()
    gs_admin_membership.pk = None
    gs_admin_membership.program = personas.other_program
    gs_admin_membership.save()
    link = program_facility_add(
        actor=actor_for_user(personas.council_admin),
        program=personas.other_program,
        facility=personas.facility_x,
        since=dt.date(2026, 1, 1),
    )
    assert link.facility_id == personas.facility_x.pk
    assert set(personas.facility_x.program_links.values_list("program__slug", flat=True)) == {
        "fair-harvest",
        "garment-safety",
    }
    with pytest.raises(DomainError, match="already covered"):
        program_facility_add(
            actor=actor_for_user(personas.council_admin),
            program=personas.other_program,
            facility=personas.facility_x,
            since=dt.date(2026, 1, 1),
        )


def test_organisation_joins_the_program_publicly_and_duplicates_are_refused(personas):
    actor = actor_for_user(personas.council_admin)
    org = organisation_create(
        actor=actor,
        program=personas.program,
        since=dt.date(2026, 1, 1),
        fields={"name": "Nueva Marca", "kind": "brand", "country": "Mexico"},
    )
    assert org.country == "MX"
    assert Participation.objects.get(organisation=org).kind == "brand"
    entry = TransparencyEntry.objects.get(kind="participation_started", payload__organisation=org.public_id)
    assert entry.payload["since"] == "2026-01-01"
    with pytest.raises(DomainError, match="already registered"):
        organisation_create(
            actor=actor,
            program=personas.program,
            since=dt.date(2026, 1, 1),
            fields={"name": "Nueva Marca", "kind": "brand"},
        )
    with pytest.raises(DomainError, match="Only brands and supplier"):
        organisation_create(actor=actor, program=personas.program, fields={"name": "X", "kind": "monitoring_body"})


def test_facility_scope_per_role(personas):
    def names(user):
        return set(facilities_for_actor(actor=actor_for_user(user)).values_list("name", flat=True))

    both = {"Supplier X Farm One", "Supplier Y Farm One"}
    assert names(personas.council_admin) == both
    assert names(personas.worker_org_staff) == both
    assert names(personas.brand_a) == {"Supplier X Farm One"}
    assert names(personas.brand_b) == {"Supplier Y Farm One"}
    assert names(personas.supplier_x) == {"Supplier X Farm One"}
    assert names(personas.supplier_y) == {"Supplier Y Farm One"}
    assert "Dhaka Knit Composite" not in names(personas.council_admin)


def test_facility_pages_show_buyers_only_to_staff_and_the_buyer_itself(personas, client):
    url = f"/registry/facilities/{personas.facility_x.public_id}/"
    login(client, personas.council_admin)
    assert "Brand A Foods" in client.get(url).content.decode()
    client.logout()
    login(client, personas.brand_a)
    page = client.get(url).content.decode()
    assert "Brand A Foods" in page
    assert "Brand B Markets" not in page
    client.logout()
    login(client, personas.supplier_x)
    page = client.get(url).content.decode()
    assert "Brand A Foods" not in page


def test_facility_form_creates_through_the_service_with_clear_errors(personas, client):
    login(client, personas.council_admin)
    url = f"/registry/{personas.program.slug}/facilities/new/"
    bad = client.post(url, {"name": "Finca", "address": "Rd 1", "country": "Narnia", "lat": "95", "lng": "10"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Unknown country" in text
    assert "Latitude must be between -90 and 90" in text
    assert not Facility.objects.filter(name="Finca").exists()
    ok = client.post(
        url,
        {
            "name": "Finca",
            "address": "Rd 1",
            "country": "us",
            "lat": "26.5",
            "lng": "-81.3",
            "sectors": "Agriculture | Packing",
            "worker_count": "40",
        },
    )
    assert ok.status_code == 302
    facility = Facility.objects.get(name="Finca")
    assert facility.sectors == ["Agriculture", "Packing"]
    assert Event.objects.filter(verb="facility_created", object_public_id=facility.public_id).exists()
