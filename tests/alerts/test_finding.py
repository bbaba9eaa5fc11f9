"""A monitor's finding of immediate danger alerts the on-call staff like a worker's report."""

from __future__ import annotations

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.alerts.models import DangerAlert
from wsr.audits.models import Finding
from wsr.audits.services.findings import finding_record
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.models import Event, OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def provision_ref(personas):
    from tests.standards.conftest import build_code  # an adopted Code with provision 2.1

    build_code(personas)
    return "2.1"


def test_a_finding_of_immediate_danger_alerts_the_on_call_staff(personas, on_call, provision_ref):
    finding = finding_record(
        actor=actor_for_user(personas.council_admin),
        program=personas.program,
        facility=personas.facility_x,
        source="inspection",
        provision_ref=provision_ref,
        internal_text="Wiring burnt behind the packing line.",
        public_summary="Electrical hazard found.",
        observed_on=clock.today(),
        danger="electrical",
    )
    alert = DangerAlert.objects.get()
    assert (alert.finding, alert.source, alert.hazard, alert.facility) == (
        finding,
        "finding",
        "electrical",
        personas.facility_x,
    )
    assert OutboxMessage.objects.filter(kind="danger_alert").count() == 2
    assert Event.objects.get(verb="danger_alert_raised").data["finding"] == finding.public_id
    for message in OutboxMessage.objects.filter(kind="danger_alert"):
        assert "Wiring burnt" not in message.body


def test_an_unknown_kind_of_danger_records_nothing(personas, on_call, provision_ref):
    with pytest.raises(DomainError) as refused:
        finding_record(
            actor=actor_for_user(personas.council_admin),
            program=personas.program,
            facility=personas.facility_x,
            source="inspection",
            provision_ref=provision_ref,
            internal_text="x",
            public_summary="y",
            observed_on=clock.today(),
            danger="earthquake",
        )
    assert refused.value.code == "choose_kind_of_danger"
    assert not Finding.objects.exists() and not DangerAlert.objects.exists()
